package io.roster.app.projection;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.roster.events.apiclient.ApiClientEvent;
import io.roster.events.organization.OrganizationEvent;
import io.roster.events.role.CustomRoleEvent;
import io.roster.events.user.UserEvent;
import io.roster.events.webhook.WebhookEvent;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read model whose {@code version} is an aggregate's ETag must see every event of that aggregate: one it skips
 * leaves the ETag a version behind, and the next {@code If-Match} taken from a fresh read is refused with 412.
 */
class ReadModelVersionsTest {

    /** Each event family whose read model answers the ETag, and that read model's projection. */
    private static final Map<Class<?>, String> VERSIONED_READ_MODELS = Map.of(
            UserEvent.class, "io.roster.query.userlist.UserListProjection",
            OrganizationEvent.class, "io.roster.query.organization.OrganizationListProjection",
            ApiClientEvent.class, "io.roster.query.apiclient.ApiClientListProjection",
            CustomRoleEvent.class, "io.roster.query.roles.CustomRoleProjection");

    /** Families whose resources answer no ETag: webhook subscriptions are changed without If-Match. */
    private static final Set<Class<?>> WITHOUT_ETAG = Set.of(WebhookEvent.class);

    @Test
    void every_event_of_a_family_moves_the_version_of_its_read_model() throws ClassNotFoundException {
        for (Map.Entry<Class<?>, String> family : VERSIONED_READ_MODELS.entrySet()) {
            Set<Class<?>> handled = Arrays.stream(Class.forName(family.getValue()).getDeclaredMethods())
                    .filter(method -> method.isAnnotationPresent(EventHandler.class))
                    .map(Method::getParameterTypes)
                    .filter(parameters -> parameters.length > 0)
                    .map(parameters -> parameters[0])
                    .collect(Collectors.toSet());
            assertThat(handled).as("%s handles every %s", family.getValue(), family.getKey().getSimpleName())
                    .containsAll(Arrays.asList(family.getKey().getPermittedSubclasses()));
        }
    }

    @Test
    void every_event_family_is_known_to_have_a_versioned_read_model_or_no_etag() {
        Set<Class<?>> families = new ClassFileImporter().importPackages("io.roster.events").stream()
                .map(JavaClass::reflect)
                .filter(type -> type.isInterface() && type.isSealed())
                .collect(Collectors.toSet());
        Set<Class<?>> known = new HashSet<>(VERSIONED_READ_MODELS.keySet());
        known.addAll(WITHOUT_ETAG);
        assertThat(families).as("a new event family: name its versioned read model above, or say it has no ETag")
                .containsExactlyInAnyOrderElementsOf(known);
    }
}
