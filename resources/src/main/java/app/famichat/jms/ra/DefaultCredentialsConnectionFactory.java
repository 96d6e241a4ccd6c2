package app.famichat.jms.ra;

import jakarta.jms.JMSException;

import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQXAConnectionFactory;
import org.apache.activemq.artemis.ra.ActiveMQResourceAdapter;

/**
 * XA connection factory of the resource adapter that logs on with the adapter's {@code UserName}/{@code Password}
 * when it is handed no user name.
 *
 * <p>Why: Payara signs outbound connections on with a container-managed {@code Subject} whose credential is the
 * pool's default principal. A {@code @ConnectionFactoryDefinition} without {@code user} gives an empty user name
 * (Payara would only look for {@code getUserName()} on the managed connection factory, which Artemis's final
 * {@code ActiveMQRAManagedConnectionFactory} lacks), and Artemis uses the {@code Subject}'s credential as it is:
 * the broker saw {@code Username: ""} and refused the login. With this factory, the adapter-level credentials set
 * with {@code create-resource-adapter-config} apply to outbound connections too, and applications carry none.
 * A pool with a user of its own keeps it.
 */
public class DefaultCredentialsConnectionFactory extends ActiveMQXAConnectionFactory {

   private static final long serialVersionUID = 1L;

   private transient ActiveMQResourceAdapter adapter;

   /** For {@link java.io.Externalizable} only. */
   public DefaultCredentialsConnectionFactory() {
      super();
   }

   private DefaultCredentialsConnectionFactory(ActiveMQXAConnectionFactory template, ActiveMQResourceAdapter adapter) {
      // same ServerLocator: same connectors, timeouts, pools; closing this factory closes it
      super(template.getServerLocator());
      this.adapter = adapter;
      // the settings ActiveMQConnectionFactory keeps outside the ServerLocator
      setClientID(template.getClientID());
      setEnableSharedClientID(template.isEnableSharedClientID());
      setDupsOKBatchSize(template.getDupsOKBatchSize());
      setTransactionBatchSize(template.getTransactionBatchSize());
      setCacheDestinations(template.isCacheDestinations());
      setEnable1xPrefixes(template.isEnable1xPrefixes());
      setIgnoreJTA(template.isIgnoreJTA());
      setDeserializationDenyList(template.getDeserializationDenyList());
      setDeserializationAllowList(template.getDeserializationAllowList());
      setUser(template.getUser());
      setPassword(template.getPassword());
   }

   /** A copy of {@code template} that falls back to {@code adapter}'s credentials. */
   static DefaultCredentialsConnectionFactory copyOf(ActiveMQXAConnectionFactory template, ActiveMQResourceAdapter adapter) {
      return new DefaultCredentialsConnectionFactory(template, adapter);
   }

   @Override
   protected synchronized ActiveMQConnection createConnectionInternal(String username, String password,
                                                                      boolean isXA, int type) throws JMSException {
      if ((username == null || username.isEmpty()) && adapter != null) {
         String defaultUser = adapter.getUserName();
         if (defaultUser != null && !defaultUser.isEmpty()) {
            username = defaultUser;
            password = adapter.getPassword();
         }
      }
      return super.createConnectionInternal(username, password, isXA, type);
   }
}
