package app.famichat.families;

import app.famichat.membership.Member;
import java.util.List;

/** A family with its members, as its members see it. */
public record FamilyDetails(Family family, List<Member> members) {
}
