package io.parley.it.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records onPeersOnlineStatusChanged calls (and connection states, via StateRecorder). */
public final class PresenceRecorder extends StateRecorder {
    public final List<Map<String, Integer>> events = new CopyOnWriteArrayList<>();

    @Override
    public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
        events.add(new LinkedHashMap<>(peersStatus));
    }

    /** The latest state reported for {@code id}, or null. */
    public Integer latest(String id) {
        for (int i = events.size() - 1; i >= 0; i--) {
            Integer s = events.get(i).get(id);
            if (s != null) {
                return s;
            }
        }
        return null;
    }
}
