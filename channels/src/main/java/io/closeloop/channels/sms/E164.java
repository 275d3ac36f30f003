package io.closeloop.channels.sms;

import java.util.regex.Pattern;

/** Phone numbers in E.164 form, the only form Twilio sends from, sends to and reports: "+" and 7 to 15 digits. */
public final class E164 {

    private static final Pattern NUMBER = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private E164() {
    }

    public static boolean isValid(String number) {
        return number != null && NUMBER.matcher(number).matches();
    }
}
