package io.flinkgw.gateway.deploy.yarn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.yarn.YarnClusterDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the JVM shutdown hook Flink's {@link YarnClusterDescriptor} registers while it deploys and
 * leaves behind when the deployment fails (Flink 2.3 removes it only on success). Left in place, one
 * hook accumulates per failed or cancelled deployment, and at exit each one tries to kill its
 * application again, stalling the gateway's exit while the ResourceManager is unreachable. The
 * deployer cleans up after a failed deployment itself (kill by tag, staged files), so the hook is
 * redundant. The JDK keeps hooks in a private map: this needs {@code --add-opens
 * java.base/java.lang=ALL-UNNAMED}, which Flink needs anyway; without it the hooks stay.
 */
final class DeploymentFailureHooks {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentFailureHooks.class);
    private static final String HOOK_CLASS = YarnClusterDescriptor.class.getName() + "$DeploymentFailureHook";

    private DeploymentFailureHooks() {}

    /** Removes the hooks {@code descriptor} registered and did not remove. */
    static void removeLeftBy(YarnClusterDescriptor descriptor) {
        try {
            Class<?> registry = Class.forName("java.lang.ApplicationShutdownHooks");
            Field hooksField = registry.getDeclaredField("hooks");
            hooksField.setAccessible(true);
            List<Thread> hooks;
            synchronized (registry) {
                Map<?, ?> registered = (Map<?, ?>) hooksField.get(null);
                if (registered == null) {
                    return; // the JVM is shutting down
                }
                hooks = new ArrayList<>();
                for (Object hook : registered.keySet()) {
                    hooks.add((Thread) hook);
                }
            }
            for (Thread hook : hooks) {
                if (hook.getClass().getName().equals(HOOK_CLASS) && ownerOf(hook) == descriptor) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Could not remove Flink's deployment failure hook; it runs at exit", e);
        }
    }

    private static Object ownerOf(Thread hook) throws ReflectiveOperationException {
        Field owner = hook.getClass().getDeclaredField("this$0");
        owner.setAccessible(true);
        return owner.get(hook);
    }
}
