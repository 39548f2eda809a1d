package io.roster.query.userlist;

import io.roster.api.FindUser;
import io.roster.api.UserView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers {@link FindUser} from the user list. */
@Component
class UserQueries {

    private final UserListRepository users;

    UserQueries(UserListRepository users) {
        this.users = users;
    }

    @QueryHandler
    Optional<UserView> handle(FindUser query) {
        return users.find(query.userId());
    }
}
