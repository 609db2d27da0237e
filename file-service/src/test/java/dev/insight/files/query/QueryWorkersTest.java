package dev.insight.files.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.Test;

class QueryWorkersTest {

    @Test
    void aWorkerGetsTheJarsBesideQuarkusLauncherJar() {
        String classPath = QueryWorkers.classPath("/deployments/quarkus-run.jar" + File.pathSeparator + "/opt/extra.jar");
        assertThat(classPath.split(File.pathSeparator)).containsExactly("/deployments/app/*", "/deployments/lib/main/*",
                "/deployments/lib/boot/*", "/opt/extra.jar");
    }

    @Test
    void aPlainClassPathIsKeptAndMadeAbsolute() {
        String classPath = QueryWorkers.classPath("target/classes" + File.pathSeparator + File.pathSeparator + "/a/b.jar");
        assertThat(classPath.split(File.pathSeparator)).containsExactly(
                new File("target/classes").getAbsolutePath(), "/a/b.jar");
    }
}
