/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pairing and the access policy, between two peer shells on loopback in
 * one process, through real HTTPS: matching, refused and timed-out
 * pairings, unpaired and impersonating devices, a changed certificate,
 * policy rules taking effect at once, and unpairing.
 */

#include <glib/gstdio.h>
#include <migui.h>

#include "mig-test-env.h"

#include "mig-identity-private.h"
#include "mig-migration-private.h"
#include "mig-peer-client-private.h"
#include "mig-policy-private.h"
#include "mig-shell-http-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-private.h"
#include "mig-trust-store-private.h"

#define APP_ID "org.migui.PairingTest"
#define TREE "{\"format\":\"migui-form-tree\",\"version\":1,\"app\":{\"id\":\"" APP_ID "\",\"version\":\"1.0\"}," \
             "\"reason\":\"migrate\",\"windows\":[]}"


/* One side of a pairing: a shell, and what its user saw and says. */
typedef struct
{
  MigShell *shell;
  char *dir;
  char *pairing_id;
  char *code;
  gboolean identity_changed;
  gboolean outgoing;
  gboolean answer;           /* what the user answers, if answering */
  gboolean answers;
  guint finished;
  gboolean success;
  char *message;
} Side;

typedef struct
{
  Side a;                    /* starts pairings */
  Side b;
  MigPeer *b_peer;           /* B as A sees it */
} Fixture;

static void
pairing_requested_cb (MigShell   *shell,
                      const char *id,
                      const char *name,
                      const char *code,
                      gboolean    outgoing,
                      gboolean    identity_changed,
                      Side       *side)
{
  g_free (side->pairing_id);
  side->pairing_id = g_strdup (id);
  g_free (side->code);
  side->code = g_strdup (code);
  side->outgoing = outgoing;
  side->identity_changed = identity_changed;
  if (side->answers)
    mig_shell_confirm_pairing (shell, id, side->answer);
}

static void
pairing_finished_cb (MigShell   *shell,
                     const char *id,
                     gboolean    success,
                     const char *message,
                     Side       *side)
{
  side->finished++;
  side->success = success;
  g_free (side->message);
  side->message = g_strdup (message);
}

static gboolean
deliver_cb (MigShell   *shell,
            const char *id,
            const char *app_id,
            GFile      *file,
            gpointer    data)
{
  g_assert_true (mig_shell_report_restored (shell, id, NULL));
  return TRUE;
}

static void
side_setup (Side       *side,
            const char *name)
{
  static guint n;
  g_autofree char *conf = NULL;
  g_autofree char *text = g_strdup_printf ("[shell]\nname=%s\n", name);
  g_autoptr(GError) error = NULL;

  side->dir = g_strdup_printf ("%s/%s-%u", mig_test_env_get_root (), name, n++);
  g_assert_cmpint (g_mkdir_with_parents (side->dir, 0700), ==, 0);
  conf = g_build_filename (side->dir, "shell.conf", NULL);
  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  side->shell = mig_shell_new (side->dir, &error);
  g_assert_no_error (error);
  g_assert_true (mig_shell_listen (side->shell, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  mig_shell_set_incoming_dir (side->shell, side->dir);
  g_signal_connect (side->shell, "pairing-requested", G_CALLBACK (pairing_requested_cb), side);
  g_signal_connect (side->shell, "pairing-finished", G_CALLBACK (pairing_finished_cb), side);
  g_signal_connect (side->shell, "deliver", G_CALLBACK (deliver_cb), NULL);
  side->answers = TRUE;
  side->answer = TRUE;
}

static void
side_teardown (Side *side)
{
  g_assert_finalize_object (side->shell);
  g_free (side->dir);
  g_free (side->pairing_id);
  g_free (side->code);
  g_free (side->message);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  side_setup (&fixture->a, "Laptop");
  side_setup (&fixture->b, "Desktop");
  fixture->b_peer = mig_peer_new (mig_shell_get_device_id (fixture->b.shell), "Desktop", "127.0.0.1",
                                  mig_shell_get_port (fixture->b.shell));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->b_peer);
  side_teardown (&fixture->a);
  side_teardown (&fixture->b);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* A pairs with B; FALSE with @error if it fails. */
static gboolean
pair (Fixture  *fixture,
      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 until;

  mig_shell_pair_async (fixture->a.shell, fixture->b_peer, NULL, got_result, &result);
  wait_for (&result);
  /* The other side's end arrives with the last answer, or soon after
   * (or never, if it refused to start: then give it five seconds). */
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (fixture->b.finished == 0 && g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  return mig_shell_pair_finish (fixture->a.shell, result, error);
}

/* A pairing that ends at A without anything happening at B. */
static gboolean
pair_quick (Fixture  *fixture,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mig_shell_pair_async (fixture->a.shell, fixture->b_peer, NULL, got_result, &result);
  wait_for (&result);
  return mig_shell_pair_finish (fixture->a.shell, result, error);
}

static gboolean
is_paired_with (Side       *side,
                MigShell   *other)
{
  g_autoptr(MigPairedDevice) device = mig_trust_store_lookup_by_id (side->dir, mig_shell_get_device_id (other));

  return device != NULL && g_strcmp0 (device->fingerprint, mig_shell_get_fingerprint (other)) == 0;
}

/* A sends the test app to B; FALSE with @error if refused. */
static gboolean
send_to_b (Fixture  *fixture,
           GError  **error)
{
  g_autoptr(MigIdentity) identity = mig_identity_load (fixture->a.dir, NULL);
  g_autoptr(MigMigration) migration = mig_migration_new (fixture->b_peer, identity, APP_ID, "1.0", FALSE);
  g_autoptr(GBytes) tree = g_bytes_new_static (TREE, strlen (TREE));
  g_autoptr(GAsyncResult) result = NULL;
  gboolean sent;

  mig_migration_send_async (migration, tree, NULL, got_result, &result);
  wait_for (&result);
  sent = mig_migration_send_finish (migration, result, error);
  if (sent)
    mig_migration_abort (migration);
  return sent;
}

static void
test_match (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  MigPairedDevice *device;

  g_assert_true (pair (fixture, &error));
  g_assert_no_error (error);

  /* Both users saw the same code, six digits. */
  g_assert_nonnull (fixture->a.code);
  g_assert_cmpstr (fixture->a.code, ==, fixture->b.code);
  g_assert_cmpuint (strlen (fixture->a.code), ==, 6);
  g_assert_true (fixture->a.outgoing);
  g_assert_false (fixture->b.outgoing);
  g_assert_false (fixture->b.identity_changed);
  g_assert_true (fixture->a.success && fixture->b.success);
  g_assert_cmpuint (fixture->a.finished, ==, 1);
  g_assert_cmpuint (fixture->b.finished, ==, 1);

  /* Both record the other: certificate, name, date. */
  g_assert_true (is_paired_with (&fixture->a, fixture->b.shell));
  g_assert_true (is_paired_with (&fixture->b, fixture->a.shell));
  devices = mig_trust_store_list (fixture->b.dir);
  g_assert_cmpuint (devices->len, ==, 1);
  device = g_ptr_array_index (devices, 0);
  g_assert_cmpstr (device->name, ==, "Laptop");
  g_assert_nonnull (device->paired);
  g_assert_true (g_str_has_prefix (device->paired, "20"));

  /* Now A may send: the default for paired devices is to ask, and with
   * nobody to ask B declines; "trusted" lets it through. */
  g_assert_false (send_to_b (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Declined on Desktop"));
  g_clear_error (&error);
  mig_shell_set_accept_policy (fixture->b.shell, MIG_ACCEPT_POLICY_TRUSTED);
  g_assert_true (send_to_b (fixture, &error));
  g_assert_no_error (error);
}

static void
test_mismatch (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* B's user sees another code than A's (someone in the middle) and says
   * so: the pairing fails on both sides, and nothing is recorded. */
  fixture->b.answer = FALSE;
  g_assert_false (pair (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Desktop did not confirm"));
  g_assert_false (fixture->b.success);
  g_assert_false (is_paired_with (&fixture->a, fixture->b.shell));
  g_assert_false (is_paired_with (&fixture->b, fixture->a.shell));
  g_clear_error (&error);

  /* The same when A's user says no: B hears of it. */
  fixture->b.answer = TRUE;
  fixture->b.finished = 0;
  fixture->a.answer = FALSE;
  g_assert_false (pair (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_false (fixture->b.success);
  g_assert_nonnull (strstr (fixture->b.message, "Laptop did not confirm"));
  g_assert_false (is_paired_with (&fixture->a, fixture->b.shell));
  g_assert_false (is_paired_with (&fixture->b, fixture->a.shell));

  /* Codes depend on both certificates: another one in the middle gives
   * another code (for these nonces). */
  {
    g_autofree char *real = mig_pairing_code (mig_shell_get_fingerprint (fixture->a.shell),
                                              mig_shell_get_fingerprint (fixture->b.shell),
                                              "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210");
    g_autofree char *other = mig_pairing_code (mig_shell_get_fingerprint (fixture->a.shell),
                                               mig_identity_get_fingerprint (mig_identity_load_default (NULL)),
                                               "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210");
    g_assert_cmpstr (real, !=, other);
  }
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Nobody answers on B within the (shortened) time. */
  fixture->a.shell->pairing_seconds = 1;
  fixture->b.shell->pairing_seconds = 1;
  fixture->b.answers = FALSE;
  g_assert_false (pair (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "not confirmed in time"));
  g_assert_false (fixture->b.success);
  g_assert_nonnull (strstr (fixture->b.message, "not confirmed in time"));
  g_assert_nonnull (fixture->b.code);
  g_assert_false (is_paired_with (&fixture->a, fixture->b.shell));
  g_assert_false (is_paired_with (&fixture->b, fixture->a.shell));
  /* B's user answering late changes nothing. */
  mig_shell_confirm_pairing (fixture->b.shell, fixture->b.pairing_id, TRUE);
  g_assert_false (is_paired_with (&fixture->b, fixture->a.shell));
}

/* One request from A's identity to B. */
static JsonNode *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *body,
         guint      *status)
{
  g_autoptr(MigIdentity) identity = mig_identity_load (fixture->a.dir, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  mig_peer_request_async (fixture->b_peer, identity, method, path, bytes, NULL, got_result, &result);
  wait_for (&result);
  root = mig_peer_request_finish (fixture->b_peer, result, status, &error);
  g_assert_no_error (error);
  return root;
}

static void
test_protocol (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *commitment = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "0123456789abcdef0123456789abcdef", -1);
  g_autofree char *body = g_strdup_printf ("{\"device\": {\"id\": \"x\", \"name\": \"Cheat\"}, \"commitment\": \"%s\"}",
                                           commitment);
  g_autofree char *path = NULL;
  const char *id;
  guint status;

  g_test_expect_message ("migui-shell", G_LOG_LEVEL_MESSAGE, "Pairing with Cheat ended*");

  root = request (fixture, "POST", "/v1/pairings", "{\"device\": {\"id\": \"x\"}}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&root, json_node_unref);

  root = request (fixture, "POST", "/v1/pairings", body, &status);
  g_assert_cmpuint (status, ==, 201);
  id = json_object_get_string_member (json_node_get_object (root), "id");
  path = g_strdup_printf ("/v1/pairings/%s/reveal", id);
  g_clear_pointer (&root, json_node_unref);

  /* A second pairing from the same device while one is under way. */
  root = request (fixture, "POST", "/v1/pairings", body, &status);
  g_assert_cmpuint (status, ==, 429);
  g_clear_pointer (&root, json_node_unref);

  /* Revealing another nonce than committed to fails the pairing before any
   * code is shown. */
  root = request (fixture, "POST", path, "{\"nonce\": \"ffffffffffffffffffffffffffffffff\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "error"), ==, "commitment-mismatch");
  g_clear_pointer (&root, json_node_unref);
  g_assert_null (fixture->b.code);
  g_assert_cmpuint (fixture->b.finished, ==, 1);
  root = request (fixture, "POST", path, "{\"nonce\": \"0123456789abcdef0123456789abcdef\"}", &status);
  g_assert_cmpuint (status, ==, 409);
  g_clear_pointer (&root, json_node_unref);
  g_test_assert_expected_messages ();

  /* Without a pairing, an offer is refused with the reason. */
  root = request (fixture, "GET", "/v1/nothing", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_unpaired_offer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigIdentity) a = mig_identity_load (fixture->a.dir, NULL);

  /* A believes it is paired with B; B does not know A. */
  g_assert_true (mig_trust_store_add (fixture->a.dir, mig_shell_get_device_id (fixture->b.shell), "Desktop",
                                      mig_shell_get_fingerprint (fixture->b.shell), NULL));
  mig_shell_set_accept_policy (fixture->b.shell, MIG_ACCEPT_POLICY_TRUSTED);
  g_assert_false (send_to_b (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "This device is not paired with Desktop; pair them first"));
  g_assert_cmpuint (g_hash_table_size (fixture->b.shell->migrations), ==, 0);
  g_clear_error (&error);

  /* "all" takes anyone (tests, kiosks), but not a device denied by name. */
  mig_shell_set_accept_policy (fixture->b.shell, MIG_ACCEPT_POLICY_ALL);
  g_assert_true (send_to_b (fixture, &error));
  g_assert_true (mig_policy_set (fixture->b.dir, mig_identity_get_device_id (a), NULL, MIG_POLICY_DENY, NULL));
  g_assert_false (send_to_b (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Desktop does not accept applications from this device"));
  g_clear_error (&error);

  /* A denied device may not pair either. */
  g_assert_false (pair_quick (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "does not pair with this device"));
  g_assert_null (fixture->b.code);
}

static void
test_identity_changed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = g_build_filename (fixture->a.dir, "identity.pem", NULL);
  g_autoptr(MigIdentity) renewed = NULL;

  g_assert_true (pair (fixture, &error));
  mig_shell_set_accept_policy (fixture->b.shell, MIG_ACCEPT_POLICY_TRUSTED);
  g_assert_true (send_to_b (fixture, &error));

  /* A is reinstalled: same device ID and name, a new certificate.  B
   * refuses it loudly. */
  g_assert_cmpint (g_unlink (pem), ==, 0);
  renewed = mig_identity_load (fixture->a.dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mig_identity_get_fingerprint (renewed), !=, mig_shell_get_fingerprint (fixture->a.shell));
  g_test_expect_message ("migui-shell", G_LOG_LEVEL_WARNING, "SECURITY: an offer came as Laptop*identity changed*");
  g_assert_false (send_to_b (fixture, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Desktop knows this device by another certificate"));
  g_clear_error (&error);

  /* Paired again deliberately (B's user is told the identity changed),
   * the new certificate replaces the old one. */
  g_clear_object (&fixture->a.shell);
  fixture->a.shell = mig_shell_new (fixture->a.dir, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->a.shell, "pairing-requested", G_CALLBACK (pairing_requested_cb), &fixture->a);
  g_signal_connect (fixture->a.shell, "pairing-finished", G_CALLBACK (pairing_finished_cb), &fixture->a);
  fixture->b.finished = 0;
  g_test_expect_message ("migui-shell", G_LOG_LEVEL_WARNING, "SECURITY: a pairing request came as Laptop*");
  g_assert_true (pair (fixture, &error));
  g_test_assert_expected_messages ();
  g_assert_true (fixture->b.identity_changed);
  g_assert_true (is_paired_with (&fixture->b, fixture->a.shell));
  {
    g_autoptr(GPtrArray) devices = mig_trust_store_list (fixture->b.dir);

    g_assert_cmpuint (devices->len, ==, 1);
  }
  g_assert_true (send_to_b (fixture, &error));
}

static void
test_policy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("org.migui");
  const char *a_id = mig_shell_get_device_id (fixture->a.shell);
  g_autoptr(GVariant) rules = NULL;

  g_assert_true (pair (fixture, &error));
  /* Paired devices are asked by default: nobody answers, so declined. */
  g_assert_false (send_to_b (fixture, &error));
  g_assert_nonnull (strstr (error->message, "Declined on Desktop"));
  g_clear_error (&error);

  /* Rules take effect without restarting the shell. */
  g_assert_true (mig_policy_set (fixture->b.dir, NULL, APP_ID, MIG_POLICY_ALLOW, NULL));
  g_assert_true (send_to_b (fixture, &error));
  g_assert_true (mig_policy_set (fixture->b.dir, a_id, NULL, MIG_POLICY_DENY, NULL));
  g_assert_false (send_to_b (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Desktop does not accept this application from this device"));
  g_clear_error (&error);
  /* The most specific rule wins. */
  g_assert_true (mig_policy_set (fixture->b.dir, a_id, APP_ID, MIG_POLICY_ALLOW, NULL));
  g_assert_true (send_to_b (fixture, &error));
  g_assert_true (mig_policy_set (fixture->b.dir, a_id, APP_ID, MIG_POLICY_ASK, NULL));
  g_assert_false (send_to_b (fixture, &error));
  g_assert_nonnull (strstr (error->message, "Declined on Desktop"));
  g_clear_error (&error);

  /* GSettings gives the defaults under the file's rules. */
  g_assert_cmpint (mig_policy_decide (fixture->b.dir, "other-device", APP_ID, NULL), ==, MIG_POLICY_ALLOW);
  g_assert_cmpint (mig_policy_decide (fixture->b.dir, "other-device", "org.example.Other", NULL), ==, MIG_POLICY_ASK);
  g_settings_set_string (settings, "policy-default", "deny");
  g_assert_cmpint (mig_policy_decide (fixture->b.dir, "other-device", "org.example.Other", NULL), ==, MIG_POLICY_DENY);
  g_settings_set_value (settings, "policy-applications", g_variant_new_parsed ("{'org.example.Other': 'allow'}"));
  g_assert_cmpint (mig_policy_decide (fixture->b.dir, "other-device", "org.example.Other", NULL), ==, MIG_POLICY_ALLOW);
  /* Rules for applications say nothing about pairing again; only a rule
   * against the device itself does. */
  g_assert_true (mig_policy_set (fixture->b.dir, a_id, NULL, MIG_POLICY_ASK, NULL));
  fixture->b.finished = 0;
  g_assert_true (pair (fixture, &error));
  g_assert_no_error (error);
  g_settings_reset (settings, "policy-default");
  g_settings_reset (settings, "policy-applications");

  rules = mig_policy_list (fixture->b.dir);
  g_assert_true (g_variant_is_of_type (rules, G_VARIANT_TYPE ("a(sss)")));
  g_assert_cmpuint (g_variant_n_children (rules), ==, 4);

  /* Hand-edited nonsense is ignored with a warning, not trusted. */
  g_assert_false (mig_policy_set (fixture->b.dir, "not a device", NULL, MIG_POLICY_ALLOW, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_FAILED);
}

static void
test_unpair (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pair (fixture, &error));
  g_assert_false (mig_shell_unpair (fixture->a.shell, "No Such Device", NULL, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_UNREACHABLE);
  g_clear_error (&error);

  /* By name, telling B, which forgets A too. */
  g_test_expect_message ("migui-shell", G_LOG_LEVEL_MESSAGE, "Unpaired Desktop*");
  g_test_expect_message ("migui-shell", G_LOG_LEVEL_MESSAGE, "Laptop*unpaired itself");
  g_assert_true (mig_shell_unpair (fixture->a.shell, "Desktop", fixture->b_peer, &error));
  g_assert_no_error (error);
  g_assert_false (is_paired_with (&fixture->a, fixture->b.shell));
  while (is_paired_with (&fixture->b, fixture->a.shell))
    g_main_context_iteration (NULL, TRUE);
  g_test_assert_expected_messages ();

  /* And A no longer sends to B. */
  g_assert_false (send_to_b (fixture, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, "not paired with this device"));
}

int
main (int   argc,
      char *argv[])
{
  mig_test_env_init_installed (&argc, &argv, APP_ID, "Pairing Test");

#define ADD(path, fn) g_test_add ("/Mig/Pairing/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("match", test_match);
  ADD ("mismatch", test_mismatch);
  ADD ("timeout", test_timeout);
  ADD ("protocol", test_protocol);
  ADD ("unpaired-offer", test_unpaired_offer);
  ADD ("identity-changed", test_identity_changed);
  ADD ("policy", test_policy);
  ADD ("unpair", test_unpair);
#undef ADD

  return mig_test_env_run ();
}
