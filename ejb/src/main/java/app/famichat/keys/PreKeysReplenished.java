package app.famichat.keys;

/** One-time prekeys were added to a device's stock (CDI event, fired in the replenishment's transaction). */
record PreKeysReplenished(PreKeyStock added) {
}
