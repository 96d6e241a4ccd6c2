package app.famichat.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shamir's secret sharing as family recovery uses it: any t shares give S back, t - 1 do not. */
class GuardianSecretsTest {

    @Test
    void anyThreeOfFiveSharesGiveTheSecret() {
        byte[] secret = GuardianSecrets.newSecret();
        Map<Integer, byte[]> shares = GuardianSecrets.split(secret, 5, 3);
        assertEquals(5, shares.size());
        for (List<Integer> three : subsets(List.of(1, 2, 3, 4, 5), 3)) {
            assertArrayEquals(secret, GuardianSecrets.join(pick(shares, three)), "shares " + three);
        }
        assertArrayEquals(secret, GuardianSecrets.join(shares), "all five");
    }

    @Test
    void twoOfFiveSharesDoNotGiveTheSecretNorTheKeyItWraps() {
        byte[] secret = GuardianSecrets.newSecret();
        byte[] salt = GuardianSecrets.newSalt();
        Map<Integer, byte[]> shares = GuardianSecrets.split(secret, 5, 3);
        for (List<Integer> two : subsets(List.of(1, 2, 3, 4, 5), 2)) {
            byte[] joined = GuardianSecrets.join(pick(shares, two));
            assertFalse(Arrays.equals(secret, joined), "shares " + two);
            assertFalse(Arrays.equals(GuardianSecrets.wrappingKey(secret, salt),
                    GuardianSecrets.wrappingKey(joined, salt)));
        }
    }

    @Test
    void eachShareIsAsLongAsTheSecretAndNoneEqualsIt() {
        byte[] secret = GuardianSecrets.newSecret();
        GuardianSecrets.split(secret, 10, 2).values().forEach(share -> {
            assertEquals(GuardianSecrets.SECRET_BYTES, share.length);
            assertFalse(Arrays.equals(secret, share));
        });
    }

    @Test
    void aNewSplitGivesNewShares() {
        byte[] secret = GuardianSecrets.newSecret();
        assertFalse(Arrays.equals(GuardianSecrets.split(secret, 3, 2).get(1),
                GuardianSecrets.split(secret, 3, 2).get(1)));
    }

    private static Map<Integer, byte[]> pick(Map<Integer, byte[]> shares, List<Integer> indexes) {
        Map<Integer, byte[]> picked = new HashMap<>();
        indexes.forEach(index -> picked.put(index, shares.get(index)));
        return picked;
    }

    private static List<List<Integer>> subsets(List<Integer> of, int size) {
        if (size == 0) {
            return List.of(List.of());
        }
        if (of.size() < size) {
            return List.of();
        }
        List<List<Integer>> subsets = new java.util.ArrayList<>();
        for (List<Integer> rest : subsets(of.subList(1, of.size()), size - 1)) {
            List<Integer> with = new java.util.ArrayList<>(List.of(of.get(0)));
            with.addAll(rest);
            subsets.add(with);
        }
        subsets.addAll(subsets(of.subList(1, of.size()), size));
        return subsets;
    }
}
