package app.famichat.connections;

/** A device of a user with at least one socket open on the node {@code nodeId}. */
public record DeviceConnection(int deviceId, String nodeId) {
}
