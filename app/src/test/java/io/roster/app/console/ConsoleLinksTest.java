package io.roster.app.console;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's links and API queries carry values exactly (a "+" stays a plus), and a role's diff is exact. */
class ConsoleLinksTest {

    @Test
    void filters_become_a_query_string_with_every_reserved_character_encoded_and_blanks_left_out() {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("q", "ann+test@example.com");
        filters.put("from", "2026-11-01T00:00:00+01:00");
        filters.put("actorType", List.of("SUPPORT_USER", "API_CLIENT", " "));
        filters.put("eventType", "");
        filters.put("to", null);
        assertThat(ConsoleApi.queryString(filters)).isEqualTo("q=ann%2Btest%40example.com&from=2026-11-01T00%3A00%3A00%2B01%3A00"
                + "&actorType=SUPPORT_USER&actorType=API_CLIENT&");
    }

    @Test
    void a_custom_role_is_its_base_plus_what_was_ticked_minus_what_was_unticked() {
        Map<String, List<String>> diff = RolesConsole.diff(Set.of("a.read", "b.read", "c.read"), Set.of("a.read", "d.read"));
        assertThat(diff.get("added")).containsExactly("d.read");
        assertThat(diff.get("removed")).containsExactly("b.read", "c.read");
    }
}
