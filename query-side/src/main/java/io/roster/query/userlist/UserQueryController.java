package io.roster.query.userlist;

import io.roster.api.UserStatus;
import io.roster.api.UserView;
import io.roster.events.UserType;
import io.roster.query.common.CallerScope;
import io.roster.query.common.Cursor;
import io.roster.query.common.Page;
import io.roster.query.common.PageRequest;
import io.roster.query.common.Problems;
import io.roster.query.common.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;


@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
class UserQueryController {

    private final UserListRepository users;

    UserQueryController(UserListRepository users) {
        this.users = users;
    }

    @GetMapping("/{id}")
    @Operation(summary = "One user, with its ETag (the aggregate version)")
    ResponseEntity<UserView> get(@PathVariable String id,
                                 @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        UserView user = users.find(id).orElseThrow(() -> Problems.notFound("user", id));
        if (user.status() == UserStatus.DELETED) {
            throw Problems.gone("user", id);
        }
        String etag = "\"" + user.version() + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().eTag(etag).body(user);
    }

    @GetMapping
    @Operation(summary = "List users with filters; keyset pagination in creation order (pass nextCursor as cursor)")
    Page<UserView> list(@RequestParam(required = false) String organizationId,
                        @RequestParam(required = false) Boolean includeChildren,
                        @RequestParam(required = false) String status,
                        @RequestParam(required = false) String role,
                        @RequestParam(required = false) String userType,
                        @RequestParam(required = false) String q,
                        @RequestParam(required = false) String inactiveSince,
                        @RequestParam(required = false) String activeSince,
                        @RequestParam(required = false) Integer limit,
                        @RequestParam(required = false) String cursor,
                        HttpServletRequest request) {
        if (Boolean.TRUE.equals(includeChildren) && organizationId == null) {
            throw Problems.badParameter("includeChildren", "includeChildren needs an organizationId");
        }
        CallerScope scope = CallerScope.of(request);
        UserListRepository.Filter filter = new UserListRepository.Filter(
                QueryParams.text(organizationId), Boolean.TRUE.equals(includeChildren),
                QueryParams.enumValue("status", status, UserStatus.class), QueryParams.text(role), QueryParams.enumValue("userType", userType, UserType.class),
                query(q), QueryParams.instant("inactiveSince", inactiveSince), QueryParams.instant("activeSince", activeSince),
                scope.organizationSubtree(), scope.self());
        if (filter.status() == UserStatus.DELETED) {
            throw Problems.badParameter("status", "status must be ACTIVE or DEACTIVATED: deleted users are not listed");
        }
        return users.list(filter, Cursor.decode(cursor), PageRequest.limit(limit));
    }

    private static String query(String q) {
        String value = QueryParams.text(q);
        if (value != null && value.length() > 200) {
            throw Problems.badParameter("q", "q must be at most 200 characters");
        }
        return value;
    }

}
