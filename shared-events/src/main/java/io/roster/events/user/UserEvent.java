package io.roster.events.user;

import io.roster.events.PersonalDataSubject;

/** Facts about one user. The user is the data subject of its own events. */
public sealed interface UserEvent extends PersonalDataSubject
        permits UserCreated, UserProfileUpdated, UserUsernameChanged, RoleAssigned, RoleRevoked,
                UserMovedToOrganization, UserDeactivated, UserReactivated, UserDeleted, UserInvited,
                UserPasswordResetRequested, UserPasswordSet, UserExternalIdChanged, UserSignedOutEverywhere {

    String userId();

    @Override
    default String dataSubjectId() {
        return userId();
    }
}
