package io.flinkgw.gateway.security;

import java.util.Optional;

/** Checks a user's credentials; the seam for file, JDBC or LDAP user stores. Thread-safe. */
public interface Authenticator {

    /** The authenticated user name, or empty when the credentials are wrong. */
    Optional<String> authenticate(String user, String password);
}
