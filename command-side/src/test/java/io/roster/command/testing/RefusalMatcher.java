package io.roster.command.testing;

import io.roster.command.common.Refusal;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

import java.util.Objects;

/** Hamcrest matcher for a {@link Refusal} of a given kind, type and (optionally) field. */
public final class RefusalMatcher extends TypeSafeDiagnosingMatcher<Refusal> {

    private static final Object ANY_FIELD = new Object();

    private final Refusal.Kind kind;
    private final String type;
    private final Object field;

    private RefusalMatcher(Refusal.Kind kind, String type, Object field) {
        this.kind = kind;
        this.type = type;
        this.field = field;
    }

    /** A refusal of this kind and type, whatever its field. */
    public static Matcher<Refusal> refusal(Refusal.Kind kind, String type) {
        return new RefusalMatcher(kind, type, ANY_FIELD);
    }

    /** A refusal of this kind and type naming exactly this field ({@code null}: no field). */
    public static Matcher<Refusal> refusal(Refusal.Kind kind, String type, String field) {
        return new RefusalMatcher(kind, type, field);
    }

    @Override
    protected boolean matchesSafely(Refusal refusal, Description mismatch) {
        boolean matches = refusal.kind() == kind && Objects.equals(refusal.type(), type)
                && (field == ANY_FIELD || Objects.equals(refusal.field(), field));
        if (!matches) {
            mismatch.appendText("was Refusal(kind=").appendValue(refusal.kind())
                    .appendText(", type=").appendValue(refusal.type())
                    .appendText(", field=").appendValue(refusal.field())
                    .appendText(", detail=").appendValue(refusal.getMessage()).appendText(")");
        }
        return matches;
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("Refusal(kind=").appendValue(kind).appendText(", type=").appendValue(type);
        if (field != ANY_FIELD) {
            description.appendText(", field=").appendValue(field);
        }
        description.appendText(")");
    }
}
