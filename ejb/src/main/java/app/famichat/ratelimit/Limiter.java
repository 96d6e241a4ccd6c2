package app.famichat.ratelimit;

/**
 * The named rate limiters of Famichat; each is configured with the MicroProfile Config key
 * {@code famichat.rate-limit.<name>} (format {@code N/ISO-8601 duration}) and documented in docs/api.md.
 */
public enum Limiter {
    /** Failed sign-ins per account, without a proof of a known device. */
    SIGN_IN_ACCOUNT("sign-in-account", "10/PT15M"),
    /** Failed sign-ins per known device, with its proof (the device credential). */
    SIGN_IN_DEVICE("sign-in-device", "10/PT15M"),
    /** Sign-in attempts per client address, failed or not. */
    SIGN_IN_ADDRESS("sign-in-address", "30/PT1M"),
    /** Devices created per account. */
    DEVICE_CREATE_ACCOUNT("device-create-account", "10/P1D"),
    /**
     * Wrong password confirmations per account (changing the password, deleting the account); only a holder of
     * one of the account's tokens can spend them.
     */
    PASSWORD_ACCOUNT("password-account", "10/PT1H"),
    /** Failed recoveries with a recovery code per account (username), known or not. */
    RECOVERY_ACCOUNT("recovery-account", "5/PT1H"),
    /** Family recovery requests started per account (username), known or not: each one alerts the guardians. */
    RECOVERY_REQUEST_ACCOUNT("recovery-request-account", "5/P1D"),
    /** Recovery attempts per client address, failed or not (codes, family requests and their completions). */
    RECOVERY_ADDRESS("recovery-address", "10/PT1H"),
    /** Registrations per client address. */
    REGISTER_ADDRESS("register-address", "10/PT1H"),
    /** Sends per device, burst. */
    SEND_DEVICE_BURST("send-device-burst", "20/PT10S"),
    /** Sends per device, sustained. */
    SEND_DEVICE("send-device", "120/PT1M"),
    /** Sends per user, all devices together. */
    SEND_USER("send-user", "180/PT1M");

    private final String configName;
    private final String defaultLimit;

    Limiter(String configName, String defaultLimit) {
        this.configName = configName;
        this.defaultLimit = defaultLimit;
    }

    public String configName() {
        return configName;
    }

    public String configKey() {
        return "famichat.rate-limit." + configName;
    }

    public String defaultLimit() {
        return defaultLimit;
    }
}
