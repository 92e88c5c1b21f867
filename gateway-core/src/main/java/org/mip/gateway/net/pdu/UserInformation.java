package org.mip.gateway.net.pdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * User Information Item (item type 50H, PS3.8 9.3.2.3 Table 9-16 and 9.3.3.3): a list of
 * {@link UserItem sub-items}, kept in wire order (PS3.8 9.3.1 wants increasing item types, but
 * nothing is gained by refusing peers that do not sort them). The accessors find the sub-items
 * the upper layer negotiates with.
 */
public record UserInformation(List<UserItem> items) {
    /** Item type of the User Information Item. */
    public static final int ITEM_TYPE = 0x50;

    public UserInformation {
        items = List.copyOf(items);
    }

    public static UserInformation of(UserItem... items) {
        return new UserInformation(List.of(items));
    }

    /** The maximum P-DATA-TF PDU length the sender can receive (51H), if sent; 0 means unlimited. */
    public OptionalLong maximumLength() {
        return first(UserItem.MaximumLength.class)
                .map(m -> OptionalLong.of(m.maximumLength()))
                .orElse(OptionalLong.empty());
    }

    /** The Implementation Class UID (52H), if sent. */
    public Optional<String> implementationClassUid() {
        return first(UserItem.ImplementationClassUid.class).map(UserItem.ImplementationClassUid::uid);
    }

    /** The Implementation Version Name (55H), if sent. */
    public Optional<String> implementationVersionName() {
        return first(UserItem.ImplementationVersionName.class).map(UserItem.ImplementationVersionName::name);
    }

    /** The Asynchronous Operations Window (53H), if sent. */
    public Optional<UserItem.AsyncOperationsWindow> asyncOperationsWindow() {
        return first(UserItem.AsyncOperationsWindow.class);
    }

    /** The user identity of a request (58H), if sent. */
    public Optional<UserItem.UserIdentityRq> userIdentityRq() {
        return first(UserItem.UserIdentityRq.class);
    }

    /** The user identity response of an accept (59H), if sent. */
    public Optional<UserItem.UserIdentityAc> userIdentityAc() {
        return first(UserItem.UserIdentityAc.class);
    }

    /** All sub-items of one kind, e.g. {@code itemsOf(UserItem.RoleSelection.class)}, in wire order. */
    public <T extends UserItem> List<T> itemsOf(Class<T> kind) {
        List<T> found = new ArrayList<>();
        for (UserItem item : items) {
            if (kind.isInstance(item)) {
                found.add(kind.cast(item));
            }
        }
        return found;
    }

    private <T extends UserItem> Optional<T> first(Class<T> kind) {
        for (UserItem item : items) {
            if (kind.isInstance(item)) {
                return Optional.of(kind.cast(item));
            }
        }
        return Optional.empty();
    }
}
