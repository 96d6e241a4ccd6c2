package app.famichat.keys;

/**
 * How many prekeys a new device gets, and their ids: signed EC prekey {@value #FIRST_SIGNED_ID}, Kyber
 * last-resort {@value #LAST_RESORT_KYBER_ID}, one-time Kyber from {@value #FIRST_ONE_TIME_KYBER_ID}, one-time EC
 * from {@value #FIRST_ONE_TIME_EC_ID}.
 */
public final class PreKeyStock {

    public static final int ONE_TIME_EC = 100;
    public static final int ONE_TIME_KYBER = 100;

    static final int FIRST_SIGNED_ID = 1;
    static final int LAST_RESORT_KYBER_ID = 1;
    static final int FIRST_ONE_TIME_KYBER_ID = 2;
    static final int FIRST_ONE_TIME_EC_ID = 1;

    private PreKeyStock() {
    }
}
