package app.famichat.families;

import app.famichat.membership.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@link FamilyStore} in memory, for the service's rules; usernames are the ids. */
class InMemoryFamilyStore extends FamilyStore {

    final Map<UUID, Family> families = new LinkedHashMap<>();
    final List<FamilyMember> members = new ArrayList<>();
    final Map<String, FamilyInvite> invites = new HashMap<>();
    /** Families whose row was locked, in order: the service locks before it reads members or invites to change. */
    final List<UUID> locked = new ArrayList<>();

    @Override
    void create(Family family, FamilyMember founder) {
        families.put(family.id(), family);
        members.add(founder);
    }

    @Override
    Optional<Family> find(UUID familyId) {
        return Optional.ofNullable(families.get(familyId));
    }

    @Override
    Optional<Family> lock(UUID familyId) {
        locked.add(familyId);
        return find(familyId);
    }

    @Override
    void delete(Family family) {
        families.remove(family.id());
        members.removeIf(member -> member.familyId().equals(family.id()));
        invites.values().removeIf(invite -> invite.familyId().equals(family.id()));
    }

    @Override
    List<Member> members(UUID familyId) {
        return members.stream().filter(member -> member.familyId().equals(familyId))
                .map(member -> new Member(member.userId(), member.userId().toString(), "Name", member.role(),
                        member.joinedAt()))
                .sorted(Comparator.comparing(Member::joinedAt).thenComparing(Member::username))
                .toList();
    }

    @Override
    Optional<FamilyMember> member(UUID familyId, UUID userId) {
        return members.stream()
                .filter(member -> member.familyId().equals(familyId) && member.userId().equals(userId))
                .findFirst();
    }

    @Override
    void addMember(FamilyMember member) {
        if (member(member.familyId(), member.userId()).isPresent()) {
            throw new IllegalStateException("duplicate key"); // the primary key
        }
        members.add(member);
    }

    @Override
    void removeMember(UUID familyId, UUID userId) {
        member(familyId, userId).ifPresent(members::remove);
    }

    @Override
    List<FamilySummary> familiesOf(UUID userId) {
        return members.stream().filter(member -> member.userId().equals(userId))
                .map(member -> new FamilySummary(member.familyId(), families.get(member.familyId()).name(),
                        member.role()))
                .toList();
    }

    @Override
    Set<UUID> sharingAFamilyWith(UUID userId, Collection<UUID> others) {
        Set<UUID> mine = familiesOf(userId).stream().map(FamilySummary::familyId).collect(Collectors.toSet());
        Set<UUID> sharing = new HashSet<>();
        for (FamilyMember member : members) {
            if (mine.contains(member.familyId()) && others.contains(member.userId())) {
                sharing.add(member.userId());
            }
        }
        return sharing;
    }

    @Override
    void addInvite(FamilyInvite invite) {
        invites.put(HexFormat.of().formatHex(invite.codeHash()), invite);
    }

    @Override
    Optional<UUID> familyOfInvite(byte[] codeHash) {
        return invite(codeHash).map(FamilyInvite::familyId);
    }

    @Override
    Optional<FamilyInvite> invite(byte[] codeHash) {
        return Optional.ofNullable(invites.get(HexFormat.of().formatHex(codeHash)));
    }
}
