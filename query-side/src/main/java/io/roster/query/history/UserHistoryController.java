package io.roster.query.history;

import io.roster.events.AuditMetadata;
import io.roster.events.user.UserCreated;
import io.roster.events.user.UserDeleted;
import io.roster.events.user.UserMovedToOrganization;
import io.roster.query.common.CallerScope;
import io.roster.query.organization.Organizations;
import io.roster.query.userlist.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;
import io.roster.query.common.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's events in order, read straight from the event store (the source of truth), with who did each
 * and when. After deletion the events remain but their personal data reads as null: the key is gone.
 */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
class UserHistoryController {

    private static final String USER_AGGREGATE = "User";

    private final EventStore eventStore;
    private final Organizations organizations;
    private final UserDirectory users;

    UserHistoryController(EventStore eventStore, Organizations organizations, UserDirectory users) {
        this.eventStore = eventStore;
        this.organizations = organizations;
        this.users = users;
    }

    record Actor(String id, String type, String username) {
    }

    record Entry(long sequence, String type, Instant occurredAt, Actor actor, String requestId, Object data) {
    }

    /** {@code hiddenOutsideScope}: events from while the user sat in organizations the caller does not see. */
    record History(String userId, boolean personalDataErased, int hiddenOutsideScope, List<Entry> items) {
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "The user's events in order with actor, request id and time; a caller scoped to organizations "
            + "sees the events from while the user sat in them (like the audit log)")
    History history(@PathVariable String id, HttpServletRequest request) {
        CallerScope scope = CallerScope.of(request);
        Set<String> visible = scope.organizationSubtree() == null ? null : organizations.subtreeOf(scope.organizationSubtree());
        // from the first event, never from a snapshot: the history is every event
        DomainEventStream stream = eventStore.readEvents(id, 0L);
        List<Entry> items = new ArrayList<>();
        boolean deleted = false;
        boolean any = false;
        int hidden = 0;
        String organization = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (!USER_AGGREGATE.equals(event.getType())) {
                break;
            }
            any = true;
            Object payload = event.getPayload();
            deleted |= payload instanceof UserDeleted;
            Set<String> where = new HashSet<>();
            if (payload instanceof UserCreated created) {
                organization = created.organizationId();
            } else if (payload instanceof UserMovedToOrganization moved) {
                where.add(moved.fromOrganizationId());
                organization = moved.toOrganizationId();
            }
            where.add(organization);
            if (visible != null && where.stream().noneMatch(visible::contains)) {
                hidden++;
                continue;
            }
            items.add(new Entry(event.getSequenceNumber() + 1, event.getPayloadType().getSimpleName(),
                    event.getTimestamp(), actor(event.getMetaData()),
                    (String) event.getMetaData().get(AuditMetadata.REQUEST_ID), payload));
        }
        if (!any) {
            throw Problems.notFound("user", id);
        }
        return new History(id, deleted, hidden, withPeopleNamed(items));
    }

    /**
     * People acting carry only their id in the events (their username is personal data); name them as they are now
     * in the user list. An erased person has no username there and stays an id.
     */
    private List<Entry> withPeopleNamed(List<Entry> items) {
        List<String> people = items.stream().map(Entry::actor)
                .filter(actor -> actor.username() == null && actor.id() != null
                        && ("USER".equals(actor.type()) || "SUPPORT_USER".equals(actor.type())))
                .map(Actor::id).distinct().toList();
        if (people.isEmpty()) {
            return items;
        }
        java.util.Map<String, String> names = users.usernames(people);
        return items.stream().map(entry -> entry.actor().username() != null || !names.containsKey(entry.actor().id())
                ? entry
                : new Entry(entry.sequence(), entry.type(), entry.occurredAt(), new Actor(entry.actor().id(),
                        entry.actor().type(), names.get(entry.actor().id())), entry.requestId(), entry.data()))
                .toList();
    }

    private static Actor actor(MetaData metaData) {
        return new Actor((String) metaData.get(AuditMetadata.ACTOR_ID), (String) metaData.get(AuditMetadata.ACTOR_TYPE),
                (String) metaData.get(AuditMetadata.ACTOR_USERNAME));
    }
}
