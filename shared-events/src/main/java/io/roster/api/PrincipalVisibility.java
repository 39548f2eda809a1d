package io.roster.api;

import java.util.List;

/**
 * Whether the caller of the current request may see a principal (an API client): only one within its scope that
 * holds nothing the caller does not, so no caller learns of, or reaches, principals more powerful than itself.
 */
public interface PrincipalVisibility {

    boolean mayAct(String principalId, String organizationId, List<String> roles);
}
