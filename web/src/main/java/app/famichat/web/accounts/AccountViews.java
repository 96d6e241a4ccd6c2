package app.famichat.web.accounts;

import app.famichat.accounts.Account;
import app.famichat.accounts.Device;
import app.famichat.membership.Member;
import app.famichat.membership.Role;
import java.time.Instant;
import java.util.UUID;

/** JSON views of accounts, devices and members (of families and conversations), shared by the resources. */
public final class AccountViews {

    private AccountViews() {
    }

    public record UserView(UUID id, String username, String displayName) {
        public static UserView of(Account account) {
            return new UserView(account.id(), account.username(), account.displayName());
        }
    }

    /** {@code lastSignedInAt}: a device unused for {@code famichat.devices.stale-after} is removed. */
    public record DeviceView(int deviceId, String name, int registrationId, String custody, Instant createdAt,
                             Instant lastSignedInAt) {
        public static DeviceView of(Device device) {
            return new DeviceView(device.deviceId(), device.name(), device.registrationId(), device.custody().name(),
                    device.createdAt(), device.lastSignedInAt());
        }
    }

    public record MemberView(UUID userId, String username, String displayName, Role role, Instant joinedAt) {
        public static MemberView of(Member member) {
            return new MemberView(member.userId(), member.username(), member.displayName(), member.role(),
                    member.joinedAt());
        }
    }
}
