package io.roster.app.scim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimFilterTest {

    private static final List<String> USERS = List.of("userName", "externalId", "id", "active");

    private static List<ScimFilter.Comparison> parse(String filter) {
        return ScimFilter.parse(filter, USERS).comparisons();
    }

    @Test
    void the_dialects_of_okta_and_entra_parse() {
        assertThat(parse("userName eq \"a@b.com\"")).containsExactly(new ScimFilter.Comparison("userName", "a@b.com"));
        assertThat(parse("externalId eq \"okta-1\"")).containsExactly(new ScimFilter.Comparison("externalId", "okta-1"));
        assertThat(parse("active eq false and userName eq \"x@y.z\"")).containsExactly(
                new ScimFilter.Comparison("active", false), new ScimFilter.Comparison("userName", "x@y.z"));
        assertThat(parse("  USERNAME  EQ \"a\"  AND  Active eq TRUE ")).containsExactly(
                new ScimFilter.Comparison("userName", "a"), new ScimFilter.Comparison("active", true));
    }

    @Test
    void the_core_schema_urn_prefixes_an_attribute() {
        assertThat(parse("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a\""))
                .containsExactly(new ScimFilter.Comparison("userName", "a"));
        assertThat(ScimFilter.parse("urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"Org Manager\"",
                List.of("displayName", "id"), ScimFilter.GROUP_SCHEMA).comparisons())
                .containsExactly(new ScimFilter.Comparison("displayName", "Org Manager"));
    }

    @Test
    void strings_keep_escapes_and_words_inside_quotes() {
        assertThat(parse("userName eq \"say \\\"hi\\\" and \\\\ bye \\u00e9\\n\"")).containsExactly(
                new ScimFilter.Comparison("userName", "say \"hi\" and \\ bye é\n"));
        assertThat(parse("userName eq \"a and b\" and id eq \"c\"")).containsExactly(
                new ScimFilter.Comparison("userName", "a and b"), new ScimFilter.Comparison("id", "c"));
    }

    @Test
    void null_and_numbers_are_literals() {
        assertThat(parse("externalId eq null")).containsExactly(new ScimFilter.Comparison("externalId", null));
        assertThat(parse("id eq -42")).containsExactly(new ScimFilter.Comparison("id", -42L));
        assertThat(parse("id eq 1.5e3")).containsExactly(new ScimFilter.Comparison("id", new BigDecimal("1.5e3")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName", "userName eq", "userName eq \"open", "userName eq \"a\" or id eq \"b\"",
            "userName co \"a\"", "userName eq \"a\" and", "userName eq \"a\"and id eq \"b\"", "nickName eq \"a\"",
            "userName eq maybe", "userName eq \"bad \\x escape\"", "userName eq \"\\u12\"", "id eq 99999999999999999999",
            "id eq 01", "(userName eq \"a\")", "userName eq \"a\" extra", "1userName eq \"a\"",
            "urn:ietf:params:scim:schemas:core:2.0:Group:userName eq \"a\""})
    void anything_else_is_an_invalid_filter(String filter) {
        assertThatThrownBy(() -> parse(filter)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo("invalidFilter");
        });
    }

    @Test
    void a_value_of_thousands_of_characters_or_escapes_parses_without_recursion_up_to_the_limit() {
        String value = "\\\"".repeat(2_000);
        assertThat(parse("userName eq \"" + value + "\"")).containsExactly(
                new ScimFilter.Comparison("userName", "\"".repeat(2_000)));
        assertThatThrownBy(() -> parse("userName eq \"" + "a".repeat(ScimFilter.MAX_LENGTH) + "\""))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"))
                .hasMessageContaining("at most 4096");
    }

    @Test
    void many_comparisons_within_the_limit_parse() {
        String filter = String.join(" and ", java.util.Collections.nCopies(250, "id eq \"x\""));
        assertThat(parse(filter)).hasSize(250);
    }
}
