package io.parley.bench;

import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shared bits of the load programs: the server's CPU time, and a listener that ignores everything. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** utime + stime of a process in clock ticks (100 per second) from /proc/PID/stat. */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static RtmClientListener quiet() {
        return new RtmClientListener() {
            @Override
            public void onConnectionStateChanged(int state, int reason) {
            }

            @Override
            public void onMessageReceived(RtmMessage message, String peerId) {
            }

            @Override
            public void onTokenExpired() {
            }

            @Override
            public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
            }
        };
    }
}
