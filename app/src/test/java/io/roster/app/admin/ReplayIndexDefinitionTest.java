package io.roster.app.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayIndexDefinitionTest {

    @Test
    void a_live_index_definition_is_pointed_at_the_rebuilt_table_keeping_its_name() {
        assertThat(ReplayService.inSchema(
                "CREATE INDEX user_list_roles ON public.user_list USING gin (roles)", "user_list", "rebuild_ab12"))
                .isEqualTo("CREATE INDEX user_list_roles ON rebuild_ab12.user_list USING gin (roles)");
    }

    @Test
    void unexpected_definitions_are_refused_rather_than_run_against_the_live_table() {
        assertThatThrownBy(() -> ReplayService.inSchema(
                "CREATE UNIQUE INDEX x ON public.user_list USING btree (user_id)", "user_list", "rebuild_ab12"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReplayService.inSchema(
                "CREATE INDEX x ON public.user_list_other USING btree (a)", "user_list", "rebuild_ab12"))
                .isInstanceOf(IllegalStateException.class);
    }
}
