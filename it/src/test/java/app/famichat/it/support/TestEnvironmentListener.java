package app.famichat.it.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the shared {@link TestEnvironment} before JUnit discovers any test, so that Arquillian finds its
 * settings when it reads arquillian.xml, and stops it after the last test.
 */
public class TestEnvironmentListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestEnvironment.get();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestEnvironment.stop();
    }
}
