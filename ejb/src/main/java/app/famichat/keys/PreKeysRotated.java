package app.famichat.keys;

/**
 * What a rotation of one device did: a new signed EC prekey and Kyber last-resort prekey ({@code rotated}), and
 * how many replaced ones it deleted. Also a CDI event, fired in the rotation's transaction when it did anything.
 */
public record PreKeysRotated(boolean rotated, int retiredSigned, int retiredLastResort) {

    public static final PreKeysRotated NOTHING = new PreKeysRotated(false, 0, 0);

    public boolean changedAnything() {
        return rotated || retiredSigned > 0 || retiredLastResort > 0;
    }
}
