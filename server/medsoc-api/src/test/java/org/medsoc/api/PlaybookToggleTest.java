package org.medsoc.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaybookToggleTest {
    @Test
    void replacesTopLevelKeysKeepingCommentsAndNestedKeys() {
        String yaml = "# a playbook\nid: p\nversion: 3  # raised by hand\nenabled: true\nsteps:\n  - id: a\n    enabled: true\n";
        String out = PlaybooksResource.withTopLevel(PlaybooksResource.withTopLevel(yaml, "version", "4"), "enabled", "false");
        assertThat(out).isEqualTo("# a playbook\nid: p\nversion: 4  # raised by hand\nenabled: false\nsteps:\n  - id: a\n    enabled: true\n");
    }

    @Test
    void addsAMissingEnabledAfterTheVersion() {
        String out = PlaybooksResource.withTopLevel("id: p\nversion: 1\nname: x\n", "enabled", "false");
        assertThat(out).isEqualTo("id: p\nversion: 1\nenabled: false\nname: x\n");
        assertThat(PlaybooksResource.withTopLevel("id: p\n", "enabled", "false")).isEqualTo("enabled: false\nid: p\n");
    }
}
