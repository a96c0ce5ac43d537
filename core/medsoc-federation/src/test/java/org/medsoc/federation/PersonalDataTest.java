package org.medsoc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Titles and evidence lose e-mail addresses, resident id numbers and mobile numbers before they leave the node. */
class PersonalDataTest {
    @Test
    void removesEmailAddresses() {
        assertThat(PersonalData.scrub("Brute force on zhang.wei@hospital-a.example.cn from 10.1.2.3"))
                .isEqualTo("Brute force on [email] from 10.1.2.3");
        assertThat(PersonalData.scrub("a@b.cn,c_d+x@e-f.org.cn")).isEqualTo("[email],[email]");
    }

    @Test
    void removesResidentIdNumbersAndMobileNumbers() {
        assertThat(PersonalData.scrub("HIS export for 11010519491231002X by 13812345678"))
                .isEqualTo("HIS export for [id] by [mobile]");
        assertThat(PersonalData.scrub("patient 110105198001010008, call 8613912345678"))
                .isEqualTo("patient [id], call [mobile]");
    }

    @Test
    void keepsWhatIsNotPersonal() {
        String title = "Vssadmin shadow copy deletion on PACS-SRV-01 (rule 4624, port 443, 2026-11-25, 12345678901)";
        assertThat(PersonalData.scrub(title)).isEqualTo(title);
        assertThat(PersonalData.scrub("user@ without domain and @handle")).isEqualTo(
                "user@ without domain and @handle");
        assertThat(PersonalData.scrub("")).isEmpty();
        // 18 digits whose check character is wrong are an order number, not a resident id
        assertThat(PersonalData.scrub("order 110105194912310021")).isEqualTo("order 110105194912310021");
        assertThat(PersonalData.containsResidentId("order 110105194912310021")).isFalse();
    }

    @Test
    void answersWhatATextContains() {
        assertThat(PersonalData.containsEmail("to nurse@hospital.example.org")).isTrue();
        assertThat(PersonalData.containsEmail("user@localhost")).isFalse();
        assertThat(PersonalData.containsResidentId("11010519491231002x")).isTrue();
        assertThat(PersonalData.containsResidentId("11010519491231002XY")).isFalse();
        assertThat(PersonalData.containsMobile("+8613812345678")).isTrue();
        assertThat(PersonalData.containsMobile("12812345678")).isFalse();
        assertThat(PersonalData.containsMobile("138123456789")).as("a longer digit run").isFalse();
    }
}
