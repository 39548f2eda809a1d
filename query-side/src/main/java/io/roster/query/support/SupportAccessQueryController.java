package io.roster.query.support;

import io.roster.api.SupportAccessView;
import io.roster.query.userlist.UserDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Support Access switch, and the Code42 support users of the environment with the moment each deactivated one
 * is deleted: the user list's rows with the deletion timers' due dates.
 */
@RestController
@Tag(name = "Support Access")
class SupportAccessQueryController {

    record SupportUser(String id, String username, String firstName, String lastName, String status,
                       Instant createdAt, Instant updatedAt, Instant deletionDueAt) {
    }

    record SupportUsers(List<SupportUser> items) {
    }

    private final SupportAccessProjection view;
    private final UserDirectory users;
    private final DeletionDueDates deletions;

    SupportAccessQueryController(SupportAccessProjection view, UserDirectory users, DeletionDueDates deletions) {
        this.view = view;
        this.users = users;
        this.deletions = deletions;
    }

    @GetMapping("/api/v1/support-access")
    @Operation(summary = "Whether Code42 support users may be created, and who changed it last and when")
    SupportAccessView get() {
        return view.read().orElse(new SupportAccessView(false, null, null, 0));
    }

    @GetMapping("/api/v1/support-access/users")
    @Operation(summary = "Code42 support users, newest first, with the date each deactivated one will be deleted")
    SupportUsers list() {
        List<UserDirectory.SupportUser> found = users.supportUsers();
        Map<String, Instant> due = deletions.of(found.stream().map(UserDirectory.SupportUser::id).toList());
        return new SupportUsers(found.stream().map(user -> new SupportUser(user.id(), user.username(), user.firstName(),
                user.lastName(), user.status(), user.createdAt(), user.updatedAt(), due.get(user.id()))).toList());
    }
}
