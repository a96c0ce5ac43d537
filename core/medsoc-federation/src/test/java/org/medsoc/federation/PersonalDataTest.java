package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Titles lose e-mail addresses, resident id numbers and mobile numbers before they leave the node. */
class PersonalDataScrubberTest {
    @Test
    void removesEmailAddresses() {
        assertThat(PersonalDataScrubber.scrub("Brute force on zhang.wei@hospital-a.example.cn from 10.1.2.3"))
                .isEqualTo("Brute force on [email] from 10.1.2.3");
        assertThat(PersonalDataScrubber.scrub("a@b.cn,c_d+x@e-f.org.cn")).isEqualTo("[email],[email]");
    }

    @Test
    void removesResidentIdNumbersAndMobileNumbers() {
        assertThat(PersonalDataScrubber.scrub("HIS export for 11010519491231002X by 13812345678"))
                .isEqualTo("HIS export for [id] by [mobile]");
        assertThat(PersonalDataScrubber.scrub("patient 110105194912310021, call 8613912345678"))
                .isEqualTo("patient [id], call [mobile]");
    }

    @Test
    void keepsWhatIsNotPersonal() {
        String title = "Vssadmin shadow copy deletion on PACS-SRV-01 (rule 4624, port 443, 2026-11-25, 12345678901)";
        assertThat(PersonalDataScrubber.scrub(title)).isEqualTo(title);
        assertThat(PersonalDataScrubber.scrub("user@ without domain and @handle")).isEqualTo(
                "user@ without domain and @handle");
        assertThat(PersonalDataScrubber.scrub("")).isEmpty();
    }
}
