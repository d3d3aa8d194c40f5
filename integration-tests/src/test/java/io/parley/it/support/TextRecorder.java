package io.parley.it.support;

import io.parley.rtm.RtmMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records connection states (as {@link StateRecorder}) and peer messages as {@code "from:text"}. */
public final class TextRecorder extends StateRecorder {
    public final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onMessageReceived(RtmMessage message, String peerId) {
        messages.add(peerId + ":" + message.getText());
    }
}
