package dev.ourahrvsync.jbang;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

/**
 * The {@code camel} command without the jbang launcher: what JBang's {@code camel@apache/camel} script does, for a
 * child JVM whose classpath Maven resolved ({@code java -cp ... CamelJBangLauncher run application.properties}).
 */
public final class CamelJBangLauncher {

    private CamelJBangLauncher() {
    }

    public static void main(String[] args) {
        // parses the command line, runs it and exits with its status
        CamelJBangMain.run(args);
    }
}
