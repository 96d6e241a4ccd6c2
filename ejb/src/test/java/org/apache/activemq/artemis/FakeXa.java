package org.apache.activemq.artemis;

import javax.transaction.xa.XAException;

/** A test stand-in for the Artemis client's XA exception (its package is what BrokerOutage recognises). */
public class FakeXa extends XAException {

    public FakeXa() {
        super(XAException.XAER_RMFAIL);
    }
}
