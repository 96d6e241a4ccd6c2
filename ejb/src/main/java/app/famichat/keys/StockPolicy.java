package app.famichat.keys;

/**
 * When a device's one-time prekeys are replenished, and by how many: when either stock (EC or Kyber) falls below
 * {@code lowWater}, both are filled up to {@code target}. A new device starts with {@code target} of each.
 * Filling both at once keeps the two stocks in step (every claim takes one of each), so one replenishment serves
 * both.
 *
 * @param lowWater {@code famichat.keys.one-time.low-water}
 * @param target   {@code famichat.keys.one-time.target}
 */
public record StockPolicy(int lowWater, int target) {

    /** The largest target: 1,000 Kyber prekeys are about 5 MB of sealed rows per device. */
    public static final int MAX_TARGET = 1000;
    public static final StockPolicy DEFAULT = new StockPolicy(20, 100);

    public StockPolicy {
        if (target < 1 || target > MAX_TARGET) {
            throw new IllegalArgumentException("famichat.keys.one-time.target must be 1.." + MAX_TARGET);
        }
        if (lowWater < 1 || lowWater > target) {
            throw new IllegalArgumentException("famichat.keys.one-time.low-water must be 1..target (" + target + ")");
        }
    }

    /**
     * How far a count of unclaimed keys need go for {@link #isLow} to decide: a count that stops here (so it stays
     * cheap however large the stock) gives the same answer as the full one.
     */
    public int countUpTo() {
        return lowWater;
    }

    public boolean isLow(PreKeyStock unclaimed) {
        return unclaimed.oneTimeEc() < lowWater || unclaimed.oneTimeKyber() < lowWater;
    }

    /** The keys to generate for a device with this unclaimed stock: none unless it is low. */
    public PreKeyStock missing(PreKeyStock unclaimed) {
        if (!isLow(unclaimed)) {
            return PreKeyStock.NONE;
        }
        return new PreKeyStock(Math.max(0, target - unclaimed.oneTimeEc()),
                Math.max(0, target - unclaimed.oneTimeKyber()));
    }

    /** What a new device gets. */
    public PreKeyStock full() {
        return new PreKeyStock(target, target);
    }
}
