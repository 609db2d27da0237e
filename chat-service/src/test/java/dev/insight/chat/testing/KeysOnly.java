package dev.insight.chat.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Only the JWT key: for tests where the services chat calls are deliberately absent. */
public class KeysOnly implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey.location", TestKeys.publicKeyFile());
    }

    @Override
    public void stop() {
    }
}
