package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private static CliEnvironment environment(Map<String, String> variables, String stdin) {
        return new CliEnvironment(variables, new BufferedReader(new StringReader(stdin)), Optional.empty(),
                ZoneOffset.UTC);
    }

    @Test
    void theEnvironmentVariableWinsOverStandardInput() {
        Passwords passwords = new Passwords(environment(Map.of("PARLEY_PASSWORD", "from-env"), "from-stdin\n"));
        assertThat(passwords.current(Passwords.PASSWORD, "Password: ")).isEqualTo("from-env");
    }

    @Test
    void withoutTheVariableEachPasswordIsOneLineOfStandardInput() {
        Passwords passwords = new Passwords(environment(Map.of(), "old password\nnew password\n"));
        assertThat(passwords.current(Passwords.PASSWORD, "Current: ")).isEqualTo("old password");
        assertThat(passwords.fresh(Passwords.NEW_PASSWORD, "New: ")).isEqualTo("new password");
    }

    @Test
    void noPasswordAnywhereIsAUsageError() {
        Passwords passwords = new Passwords(environment(Map.of("PARLEY_PASSWORD", ""), ""));
        assertThatThrownBy(() -> passwords.current(Passwords.PASSWORD, "Password: "))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("PARLEY_PASSWORD");
    }
}
