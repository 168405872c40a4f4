package dev.chartbox.api;

/**
 * Makes an API key for a tenant: {@code bin/chartbox api-key TENANT} prints the key (give it to the
 * client, once) and the line for the api's keys file or {@code chartbox.api.auth.api-keys} (only
 * the key's sha256: the api never stores the key).
 */
public final class ApiKeyTool {

    private ApiKeyTool() {}

    public static void main(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: chartbox api-key TENANT   (prints the key, then the TENANT:SHA256 line for the api's keys file)");
            System.exit(2);
        }
        String key = ApiKeys.generate();
        String entry = ApiKeys.entry(args[0], key);
        ApiKeys.parse(java.util.List.of(entry), "the tenant name");
        System.out.println(key);
        System.out.println(entry);
    }
}
