package io.geminiauth.emulator.account;

/** The lifecycle of a service-account key, as in IAM. */
public enum KeyState {
  ACTIVE,
  DISABLED
}
