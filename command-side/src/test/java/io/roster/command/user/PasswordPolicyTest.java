package io.roster.command.user;

import io.roster.command.common.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PasswordPolicyTest {

    private static Refusal refusalOf(String password) {
        return catchThrowableOfType(Refusal.class, () -> PasswordPolicy.check(password, "pat@example.com", "Pat", "Lee"));
    }

    private static void assertWeak(String password, String detailContains) {
        Refusal refusal = refusalOf(password);
        assertThat(refusal).as(password).isNotNull();
        assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThat(refusal.type()).isEqualTo("weak-password");
        assertThat(refusal.field()).isEqualTo("password");
        assertThat(refusal.getMessage()).contains(detailContains);
    }

    @Test
    void a_password_over_72_utf8_bytes_is_refused_though_it_has_few_characters() {
        String accented = "déjà vu à l'été, où ça? près du château: ç'était très étrange"; // 61 characters
        assertThat(accented.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(72);
        assertWeak(accented, "72 bytes");
        assertWeak("a".repeat(40) + " long ascii passphrase over the limit!", "72 bytes");
    }

    @Test
    void a_password_of_exactly_72_bytes_is_accepted() {
        String emoji = "🐙🦊🐢🦉🐝🦋🐬🦒🐧🦔🐌🦀🐳🦜🐿🦓🐇🦘"; // 18 astral-plane characters, 4 bytes each
        assertThat(emoji.getBytes(StandardCharsets.UTF_8).length).isEqualTo(72);
        assertThatCode(() -> PasswordPolicy.check(emoji, "pat@example.com", "Pat", "Lee")).doesNotThrowAnyException();
    }

    @Test
    void length_counts_characters_not_utf16_units() {
        String elevenEmoji = "🐙🦊🐢🦉🐝🦋🐬🦒🐧🦔🐌"; // 22 UTF-16 units
        assertWeak(elevenEmoji, "at least 12 characters");
        assertThatCode(() -> PasswordPolicy.check(elevenEmoji + "🦀", "pat@example.com", "Pat", "Lee"))
                .doesNotThrowAnyException();
    }

    @Test
    void variety_counts_characters_not_utf16_units() {
        // two emoji sharing their high surrogate: three distinct UTF-16 units, two characters
        assertWeak("🔑🔒".repeat(6), "too easy to guess");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwertyuiop123", "1qaz2wsx3edc", "leavemealone", "SonyEricsson", "qwerty123456"})
    void well_known_breached_passwords_are_refused(String password) {
        assertWeak(password, "too easy to guess");
    }

    @ParameterizedTest
    @ValueSource(strings = {"football2024", "Sunshine2019!", "princess12345", "baseball1987"})
    void a_breached_password_with_digits_or_a_year_appended_is_refused(String password) {
        assertWeak(password, "too easy to guess");
    }

    @Test
    void a_long_random_passphrase_is_accepted() {
        assertThatCode(() -> PasswordPolicy.check("violet harbour tram 47 oboe", "pat@example.com", "Pat", "Lee"))
                .doesNotThrowAnyException();
    }
}
