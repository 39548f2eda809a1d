package io.roster.query.userlist;

import io.roster.api.FindUser;
import io.roster.api.UserView;
import io.roster.query.common.ProjectionWaiter;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers {@link FindUser} from the user list, waiting (bounded) for the version a command produced. */
@Component
class UserQueries {

    private final UserListRepository users;
    private final ProjectionWaiter waiter;

    UserQueries(UserListRepository users, ProjectionWaiter waiter) {
        this.users = users;
        this.waiter = waiter;
    }

    @QueryHandler
    Optional<UserView> handle(FindUser query) {
        return waiter.awaitVersion(() -> users.find(query.userId()), UserView::version, query.minVersion());
    }
}
