package io.roster.events;

/** An event whose {@link PersonalData} fields belong to one data subject (a person). */
public interface PersonalDataSubject {

    /** The id whose key encrypts this event's personal data. */
    String dataSubjectId();
}
