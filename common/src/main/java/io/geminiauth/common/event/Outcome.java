package io.geminiauth.common.event;

/** How an auth operation ended. */
public enum Outcome {
  SUCCESS,
  FAILURE,
  DENIED
}
