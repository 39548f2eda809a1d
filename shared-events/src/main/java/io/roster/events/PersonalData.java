package io.roster.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event field that holds personal data. The event serializer encrypts it with the data
 * subject's own key (see {@link PersonalDataSubject}); destroying that key makes the value unreadable
 * everywhere, including old events and replays, while the event itself stays.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface PersonalData {
}
