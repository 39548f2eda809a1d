package io.roster.events.user;

import io.roster.events.PersonalData;
import io.roster.events.UserType;
import org.axonframework.serialization.Revision;

import java.util.List;

@Revision("1")
public record UserCreated(String userId,
                          @PersonalData String username,
                          @PersonalData String firstName,
                          @PersonalData String lastName,
                          String organizationId,
                          UserType userType,
                          List<String> roles) implements UserEvent {
    public UserCreated {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
