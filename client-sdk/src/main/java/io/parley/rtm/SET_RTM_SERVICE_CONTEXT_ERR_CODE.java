package io.parley.rtm;

/**
 * Result of {@link RtmClient#setRtmServiceContext}. Agora returns this SWIG enum from its
 * {@code io.agora.rtm.jni} package; Parley keeps the same shape in {@code io.parley.rtm}.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class SET_RTM_SERVICE_CONTEXT_ERR_CODE {
    public static final SET_RTM_SERVICE_CONTEXT_ERR_CODE SET_RTM_SERVICE_CONTEXT_ERR_OK =
            new SET_RTM_SERVICE_CONTEXT_ERR_CODE("SET_RTM_SERVICE_CONTEXT_ERR_OK", 0);
    public static final SET_RTM_SERVICE_CONTEXT_ERR_CODE SET_RTM_SERVICE_CONTEXT_ERR_FAILURE =
            new SET_RTM_SERVICE_CONTEXT_ERR_CODE("SET_RTM_SERVICE_CONTEXT_ERR_FAILURE", 1);

    private final String name;
    private final int value;

    private SET_RTM_SERVICE_CONTEXT_ERR_CODE(String name, int value) {
        this.name = name;
        this.value = value;
    }

    public int swigValue() {
        return value;
    }

    public static SET_RTM_SERVICE_CONTEXT_ERR_CODE swigToEnum(int value) {
        if (value == 0) {
            return SET_RTM_SERVICE_CONTEXT_ERR_OK;
        }
        if (value == 1) {
            return SET_RTM_SERVICE_CONTEXT_ERR_FAILURE;
        }
        throw new IllegalArgumentException("No enum " + SET_RTM_SERVICE_CONTEXT_ERR_CODE.class + " with value " + value);
    }

    @Override
    public String toString() {
        return name;
    }
}
