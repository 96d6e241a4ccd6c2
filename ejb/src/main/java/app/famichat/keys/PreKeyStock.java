package app.famichat.keys;

/** Counts of one device's one-time prekeys of each kind: unclaimed ones, or ones to add. */
public record PreKeyStock(int oneTimeEc, int oneTimeKyber) {

    public static final PreKeyStock NONE = new PreKeyStock(0, 0);

    public PreKeyStock {
        if (oneTimeEc < 0 || oneTimeKyber < 0) {
            throw new IllegalArgumentException("A stock is never negative");
        }
    }

    public boolean isEmpty() {
        return oneTimeEc == 0 && oneTimeKyber == 0;
    }

    public PreKeyStock plus(PreKeyStock other) {
        return new PreKeyStock(oneTimeEc + other.oneTimeEc, oneTimeKyber + other.oneTimeKyber);
    }
}
