/**
 * Language detection, sentiment, aspects and intent matching for Closeloop. Plain Java on Stanford CoreNLP;
 * it knows nothing of HTTP, databases or channels. The module graph keeps it that way: nothing here may
 * depend on {@code closeloop-service} or {@code closeloop-channels}.
 */
package io.closeloop.nlp;
