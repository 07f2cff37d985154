/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two peer shells' worth of identity on loopback, in one process: every
 * endpoint of protocol version 1 and every refusal, through real HTTPS.
 */

#include <glib/gstdio.h>
#include <migui.h>

#include "mig-test-env.h"

#include "mig-empty-tls-database-private.h"
#include "mig-identity-private.h"
#include "mig-migration-private.h"
#include "mig-peer-client-private.h"
#include "mig-shell-http-private.h"
#include "mig-policy-private.h"
#include "mig-shell-private.h"

#define APP_ID "org.migui.ShellTest"

typedef struct
{
  MigShell *shell;        /* the target */
  MigIdentity *sender;    /* the source device */
  MigPeer *peer;          /* the target as the source sees it */
  char *tree;             /* a valid tree of APP_ID */
  gsize tree_len;
  char *delivered;        /* the last migration handed to the "app" */
  gboolean restore_on_delivery;
  char *fail_on_delivery;
} Fixture;


static gboolean
deliver_cb (MigShell   *shell,
            const char *id,
            const char *app_id,
            GFile      *file,
            Fixture    *fixture)
{
  g_autofree char *contents = NULL;

  /* The tree is in the incoming folder, whole and valid, before delivery. */
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, fixture->tree);
  g_assert_cmpstr (app_id, ==, APP_ID);
  g_free (fixture->delivered);
  fixture->delivered = g_strdup (id);
  if (fixture->restore_on_delivery)
    g_assert_true (mig_shell_report_restored (shell, id, NULL));
  else if (fixture->fail_on_delivery != NULL)
    mig_shell_report_failed (shell, id, fixture->fail_on_delivery);
  return TRUE;
}

/* Records @identity and the device of @config_dir in each other's paired
 * devices, as a confirmed pairing would (pairing itself is tested below). */
static void
pair_identities (MigIdentity *identity,
                 const char  *config_dir)
{
  g_autoptr(MigIdentity) other = mig_identity_load (config_dir, NULL);

  g_assert_nonnull (other);
  g_assert_true (mig_trust_store_add (mig_identity_get_config_dir (identity), mig_identity_get_device_id (other),
                                      mig_identity_get_name (other), mig_identity_get_fingerprint (other), NULL));
  g_assert_true (mig_trust_store_add (config_dir, mig_identity_get_device_id (identity),
                                      mig_identity_get_name (identity), mig_identity_get_fingerprint (identity), NULL));
}

/* Another device, paired with the target. */
static MigIdentity *
paired_device (Fixture    *fixture,
               const char *config_dir)
{
  MigIdentity *device = mig_identity_load (config_dir, NULL);

  g_assert_nonnull (device);
  pair_identities (device, mig_shell_get_config_dir (fixture->shell));
  return device;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  static guint n;
  g_autofree char *target_dir = g_strdup_printf ("%s/target-%u", mig_test_env_get_root (), n);
  g_autofree char *source_dir = g_strdup_printf ("%s/source-%u", mig_test_env_get_root (), n);
  g_autofree char *incoming = g_strdup_printf ("%s/incoming-%u", mig_test_env_get_root (), n++);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tree = g_string_new (NULL);

  fixture->shell = mig_shell_new (target_dir, &error);
  g_assert_no_error (error);
  mig_shell_set_incoming_dir (fixture->shell, incoming);
  mig_shell_set_accept_policy (fixture->shell, MIG_ACCEPT_POLICY_ALL);
  g_assert_true (mig_shell_listen (fixture->shell, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mig_shell_get_port (fixture->shell), >, 0);
  g_signal_connect (fixture->shell, "deliver", G_CALLBACK (deliver_cb), fixture);
  fixture->restore_on_delivery = TRUE;

  fixture->sender = mig_identity_load (source_dir, &error);
  g_assert_no_error (error);
  pair_identities (fixture->sender, mig_shell_get_config_dir (fixture->shell));
  fixture->peer = mig_peer_new (mig_shell_get_device_id (fixture->shell), "Target", "127.0.0.1",
                                mig_shell_get_port (fixture->shell));

  g_string_append (tree, "{\"format\":\"migui-form-tree\",\"version\":1,"
                         "\"app\":{\"id\":\"" APP_ID "\",\"version\":\"1.0\"},\"reason\":\"migrate\","
                         "\"windows\":[]}");
  fixture->tree_len = tree->len;
  fixture->tree = g_string_free (g_steal_pointer (&tree), FALSE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->shell);
  g_clear_object (&fixture->sender);
  g_clear_object (&fixture->peer);
  g_free (fixture->tree);
  g_free (fixture->delivered);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* One request as the sender; returns the answer's JSON and sets @status. */
static JsonNode *
request (Fixture    *fixture,
         MigIdentity *identity,
         const char *method,
         const char *path,
         const char *body,
         guint      *status)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  mig_peer_request_async (fixture->peer, identity != NULL ? identity : fixture->sender,
                          method, path, bytes, NULL, got_result, &result);
  wait_for (&result);
  root = mig_peer_request_finish (fixture->peer, result, status, &error);
  g_assert_no_error (error);
  return root;
}

static const char *
member (JsonNode   *root,
        const char *name)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_get_string_member_with_default (json_node_get_object (root), name, NULL);
}

static gboolean
send_tree (Fixture      *fixture,
           MigMigration *migration,
           const char   *tree,
           gsize         len,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (tree, len);

  mig_migration_send_async (migration, bytes, NULL, got_result, &result);
  wait_for (&result);
  return mig_migration_send_finish (migration, result, error);
}

static MigMigration *
new_migration (Fixture    *fixture,
               const char *app_id,
               const char *version)
{
  return mig_migration_new (fixture->peer, fixture->sender, app_id, version, FALSE);
}

static void
test_info (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  guint status;

  root = request (fixture, NULL, "GET", "/v1/info", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (member (root, "id"), ==, mig_shell_get_device_id (fixture->shell));
  g_assert_cmpstr (member (root, "fingerprint"), ==, mig_shell_get_fingerprint (fixture->shell));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "protocol"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "profile"),
                                                  "form-factor"), ==, "desktop");
}

static void
test_app_check (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonNode) installed = NULL;
  g_autoptr(JsonNode) missing = NULL;
  guint status;

  installed = request (fixture, NULL, "GET", "/v1/apps/" APP_ID, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (member (installed, "version"), ==, "1.0");
  g_assert_cmpstr (member (installed, "name"), ==, "Shell Test");

  missing = request (fixture, NULL, "GET", "/v1/apps/org.migui.Missing", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (member (missing, "error"), ==, "not-installed");
}

static void
migration_changed_cb (MigShell   *shell,
                      const char *id,
                      const char *state,
                      GString    *log)
{
  g_string_append_printf (log, "%s ", state);
}

static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree char *path = NULL;

  g_signal_connect (fixture->shell, "migration-changed", G_CALLBACK (migration_changed_cb), log);
  g_assert_true (send_tree (fixture, migration, fixture->tree, fixture->tree_len, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mig_migration_get_state (migration), ==, "restored");
  g_assert_cmpstr (fixture->delivered, ==, mig_migration_get_id (migration));
  path = g_strdup_printf ("%s/%s.migui", mig_shell_get_incoming_dir (fixture->shell), fixture->delivered);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  mig_migration_commit_async (migration, NULL, got_result, &result);
  wait_for (&result);
  g_assert_true (mig_migration_commit_finish (migration, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "offered receiving restoring restored committed ");
  /* The incoming file is gone once the application is live. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (mig_migration_get_bytes_sent (migration), >, fixture->tree_len);
}

static void
expect_send_error (Fixture    *fixture,
                   const char *app_id,
                   const char *version,
                   int         code,
                   const char *message_part)
{
  g_autoptr(MigMigration) migration = new_migration (fixture, app_id, version);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tree = g_string_new (fixture->tree);

  g_string_replace (tree, APP_ID, app_id, 0);
  g_assert_false (send_tree (fixture, migration, tree->str, tree->len, &error));
  g_assert_error (error, MIG_ERROR, code);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
accept_policies (Fixture *fixture)
{
  /* Paired devices are not asked under "trusted". */
  mig_shell_set_accept_policy (fixture->shell, MIG_ACCEPT_POLICY_TRUSTED);
  {
    g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");

    g_assert_true (send_tree (fixture, migration, fixture->tree, fixture->tree_len, NULL));
    mig_migration_abort (migration);
    g_clear_pointer (&fixture->delivered, g_free);
  }

  /* Asking without anyone to answer declines. */
  mig_shell_set_accept_policy (fixture->shell, MIG_ACCEPT_POLICY_ASK);
  expect_send_error (fixture, APP_ID, "1.0", MIG_ERROR_REJECTED, "Declined on");
  g_assert_null (fixture->delivered);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  expect_send_error (fixture, "org.migui.Missing", "1.0", MIG_ERROR_APP_NOT_INSTALLED, "not installed on");
  expect_send_error (fixture, APP_ID, "2.1", MIG_ERROR_VERSION_MISMATCH, "update it first");
  accept_policies (fixture);
}

static void
test_ask (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (fixture->tree, fixture->tree_len);
  g_autofree char *offer = NULL;
  GHashTableIter iter;
  MigShellMigration *pending = NULL;

  mig_shell_set_accept_policy (fixture->shell, MIG_ACCEPT_POLICY_ASK);
  g_signal_connect_swapped (fixture->shell, "ask", G_CALLBACK (g_strdup), NULL);
  mig_migration_send_async (migration, bytes, NULL, got_result, &result);

  /* The sender waits while the user is asked. */
  while (pending == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      g_hash_table_iter_init (&iter, fixture->shell->migrations);
      g_hash_table_iter_next (&iter, NULL, (gpointer *) &pending);
    }
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);
  g_assert_nonnull (pending->pending_offer);

  mig_shell_answer_offer (fixture->shell, pending->id, TRUE);
  wait_for (&result);
  g_assert_true (mig_migration_send_finish (migration, result, NULL));
}

/* Sends @n migrations from @device whose trees are delivered but never
 * restored (restore_on_delivery must be off), so that they stay in flight;
 * returns once the shell has all of them. */
static void
hold_in_flight (Fixture     *fixture,
                MigIdentity *device,
                GPtrArray   *migrations,
                guint        n)
{
  guint expected = g_hash_table_size (fixture->shell->migrations) + n;

  g_assert_false (fixture->restore_on_delivery);
  for (guint i = 0; i < n; i++)
    {
      MigMigration *migration = mig_migration_new (fixture->peer, device, APP_ID, "1.0", FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new (fixture->tree, fixture->tree_len);

      g_ptr_array_add (migrations, migration);
      mig_migration_send_async (migration, bytes, NULL, NULL, NULL);
    }
  while (g_hash_table_size (fixture->shell->migrations) < expected)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->restore_on_delivery = FALSE;
  /* From four other devices, two each, under the limit per device. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/busy-%u", mig_test_env_get_root (), i);
      g_autoptr(MigIdentity) device = paired_device (fixture, dir);

      hold_in_flight (fixture, device, migrations, MIG_SHELL_MAX_IN_FLIGHT / 4);
    }

  expect_send_error (fixture, APP_ID, "1.0", MIG_ERROR_REJECTED, "busy");
}

static void
test_app_failed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->restore_on_delivery = FALSE;
  fixture->fail_on_delivery = "The window type is not known";
  g_assert_false (send_tree (fixture, migration, fixture->tree, fixture->tree_len, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "The window type is not known"));
  path = g_strdup_printf ("%s/%s.migui", mig_shell_get_incoming_dir (fixture->shell), fixture->delivered);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static char *
offer_body (Fixture    *fixture,
            gsize       size,
            const char *checksum)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) fixture->tree, fixture->tree_len);

  return g_strdup_printf ("{\"app\":{\"id\":\"" APP_ID "\",\"version\":\"1.0\"},\"mode\":\"move\","
                          "\"size\":%" G_GSIZE_FORMAT ",\"sha256\":\"%s\",\"source\":{\"id\":\"x\",\"name\":\"Laptop\"}}",
                          size, checksum != NULL ? checksum : sum);
}

static char *
make_offer (Fixture    *fixture,
            const char *checksum)
{
  g_autofree char *body = offer_body (fixture, fixture->tree_len, checksum);
  g_autoptr(JsonNode) root = NULL;
  guint status;

  root = request (fixture, NULL, "POST", "/v1/migrations", body, &status);
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (member (root, "id"));
}

static void
expect_status (Fixture    *fixture,
               MigIdentity *identity,
               const char *method,
               const char *path,
               const char *body,
               guint       expected_status,
               const char *expected_error)
{
  g_autoptr(JsonNode) root = NULL;
  guint status;

  root = request (fixture, identity, method, path, body, &status);
  g_assert_cmpuint (status, ==, expected_status);
  if (expected_error != NULL)
    {
      g_assert_cmpstr (member (root, "error"), ==, expected_error);
      g_assert_nonnull (member (root, "message"));
    }
}

static void
test_bad_requests (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *bad_sum_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *huge = offer_body (fixture, (gsize) 9 * 1024 * 1024, NULL);
  g_autoptr(MigIdentity) stranger = NULL;
  g_autofree char *stranger_dir = g_strdup_printf ("%s/stranger", mig_test_env_get_root ());

  expect_status (fixture, NULL, "POST", "/v1/migrations", "{\"app\":", 400, "bad-offer");
  expect_status (fixture, NULL, "POST", "/v1/migrations", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                 400, "bad-offer");
  expect_status (fixture, NULL, "POST", "/v1/migrations", huge, 413, "too-large");
  expect_status (fixture, NULL, "GET", "/v1/migrations/0d6c7c55-1d4e-4a4e-9d1b-3e2f6a5b4c3d", NULL, 404, "unknown-migration");
  expect_status (fixture, NULL, "PUT", "/v1/migrations/nope/tree", "{}", 404, "unknown-migration");
  expect_status (fixture, NULL, "GET", "/v1/nothing", NULL, 404, "not-found");
  expect_status (fixture, NULL, "GET", "/v1/migrations/x?wait=99", NULL, 404, "unknown-migration");

  /* A tree of another size than offered is refused before its body. */
  id = make_offer (fixture, NULL);
  path = g_strdup_printf ("/v1/migrations/%s/tree", id);
  expect_status (fixture, NULL, "PUT", path, "{\"format\":1}", 400, "wrong-size");

  /* Damaged on the way. */
  bad_sum_id = make_offer (fixture, "0000000000000000000000000000000000000000000000000000000000000000");
  g_free (path);
  path = g_strdup_printf ("/v1/migrations/%s/tree", bad_sum_id);
  expect_status (fixture, NULL, "PUT", path, fixture->tree, 400, "wrong-checksum");
  g_assert_cmpint (mig_shell_lookup (fixture->shell, bad_sum_id)->state, ==, MIG_SHELL_STATE_FAILED);
  g_assert_null (fixture->delivered);

  /* Another device may not touch this migration. */
  stranger = paired_device (fixture, stranger_dir);
  g_free (path);
  path = g_strdup_printf ("/v1/migrations/%s/abort", id);
  expect_status (fixture, stranger, "POST", path, NULL, 403, "not-yours");
  expect_status (fixture, NULL, "POST", path, NULL, 200, NULL);
  /* Replayed abort. */
  expect_status (fixture, NULL, "POST", path, NULL, 409, "already-ended");
  g_free (path);
  path = g_strdup_printf ("/v1/migrations/%s/commit", id);
  expect_status (fixture, NULL, "POST", path, NULL, 409, "already-ended");
}

static GBytes *
gzip_bytes (const char *data,
            gsize       length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  g_assert_true (g_output_stream_write_all (out, data, length, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A PUT of a tree gzipped (or in @encoding) to a new offer of @offered
 * bytes with @checksum; returns the answer's status and its error. */
static guint
put_coded (Fixture    *fixture,
           gsize       offered,
           const char *checksum,
           GBytes     *body,
           const char *encoding,
           char      **error_code,
           char      **id_out)
{
  g_autofree char *offer = offer_body (fixture, offered, checksum);
  g_autofree char *path = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  root = request (fixture, NULL, "POST", "/v1/migrations", offer, &status);
  g_assert_cmpuint (status, ==, 201);
  *id_out = g_strdup (member (root, "id"));
  g_clear_pointer (&root, json_node_unref);
  path = g_strdup_printf ("/v1/migrations/%s/tree", *id_out);
  mig_peer_request_coded_async (fixture->peer, fixture->sender, "PUT", path, body, encoding, NULL,
                                got_result, &result);
  wait_for (&result);
  root = mig_peer_request_finish (fixture->peer, result, &status, &error);
  g_assert_no_error (error);
  *error_code = g_strdup (member (root, "error"));
  return status;
}

/* A big tree travels gzipped to a shell that says it takes gzip, and is
 * delivered exactly as it was; a gzipped body that unpacks to anything
 * but the offered tree (more, less, damaged) is refused and fails its
 * migration, and so does a coding the shell does not know. */
static void
test_gzip (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");
  g_autoptr(GString) big = g_string_new (fixture->tree);
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) bomb = NULL;
  static const char not_gzip[] = "\x1f\x8b not gzip at all";
  g_autoptr(GBytes) garbage = g_bytes_new_static (not_gzip, sizeof not_gzip - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *delivered = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *padding = g_strnfill (256 * 1024, ' ');
  gsize length;

  /* JSON takes any whitespace between members: 256 KiB of it. */
  g_string_insert (big, 1, padding);
  g_free (fixture->tree);
  fixture->tree = g_strdup (big->str);
  fixture->tree_len = big->len;
  g_assert_true (send_tree (fixture, migration, big->str, big->len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mig_migration_get_bytes_sent (migration), <, big->len / 10);
  path = g_strdup_printf ("%s/%s.migui", mig_shell_get_incoming_dir (fixture->shell), fixture->delivered);
  g_assert_true (g_file_get_contents (path, &delivered, &length, NULL));
  g_assert_cmpmem (delivered, length, big->str, big->len);
  mig_migration_abort (migration);

  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) big->str, big->len);
  packed = gzip_bytes (big->str, big->len);
  bomb = gzip_bytes (padding, 256 * 1024);
  {
    struct { gsize offered; GBytes *body; const char *encoding; guint status; const char *code; } cases[] = {
      { 1000, bomb, "gzip", 400, "wrong-checksum" },                     /* unpacks to more than offered */
      { big->len + 1, packed, "gzip", 400, "wrong-checksum" },           /* to less */
      { big->len, garbage, "gzip", 400, "wrong-checksum" },              /* not gzip */
      { big->len, packed, "br", 415, "unsupported-encoding" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *code = NULL;
        g_autofree char *id = NULL;
        guint status = put_coded (fixture, cases[i].offered, sum, cases[i].body, cases[i].encoding, &code, &id);

        g_assert_cmpuint (status, ==, cases[i].status);
        g_assert_cmpstr (code, ==, cases[i].code);
        if (status == 400)
          g_assert_cmpint (mig_shell_lookup (fixture->shell, id)->state, ==, MIG_SHELL_STATE_FAILED);
      }
  }
}

/* "Continue here", the side asked: what a request gets before anything
 * runs (the in-process test-pull has applications on a bus). */
static void
test_pull_requests (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *one_way_dir = g_strdup_printf ("%s/one-way", mig_test_env_get_root ());
  g_autoptr(MigIdentity) one_way = mig_identity_load (one_way_dir, NULL);
  g_autoptr(JsonNode) root = NULL;
  guint status;
  const char *pull = "/v1/apps/" APP_ID "/pull";

  /* A shell on no bus runs nothing. */
  root = request (fixture, NULL, "GET", "/v1/apps/running", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "apps")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "apps")), ==,
                    0);
  expect_status (fixture, NULL, "POST", "/v1/apps/running", "{}", 405, "method");
  expect_status (fixture, NULL, "GET", pull, NULL, 405, "method");

  /* Malformed pulls. */
  expect_status (fixture, NULL, "POST", pull, "{", 400, "bad-pull");
  expect_status (fixture, NULL, "POST", pull, "[[[[[[[[[[[[[[]]]]]]]]]]]]]]", 400, "bad-pull");
  expect_status (fixture, NULL, "POST", pull, "{\"mode\":\"jump\",\"port\":47810}", 400, "bad-pull");
  expect_status (fixture, NULL, "POST", pull, "{\"mode\":\"move\"}", 400, "bad-pull");
  expect_status (fixture, NULL, "POST", pull, "{\"mode\":\"move\",\"port\":70000}", 400, "bad-pull");
  expect_status (fixture, NULL, "POST", pull, "{\"mode\":\"move\",\"port\":\"47810\"}", 400, "bad-pull");
  expect_status (fixture, NULL, "POST", "/v1/apps/not-an-id/pull", "{\"mode\":\"move\",\"port\":1}", 404,
                 "not-running");
  /* Well formed, but nothing runs. */
  expect_status (fixture, NULL, "POST", pull, "{\"mode\":\"clone\",\"port\":47810}", 404, "not-running");
  expect_status (fixture, NULL, "GET", "/v1/pulls/0d6c7c55-1d4e-4a4e-9d1b-3e2f6a5b4c3d", NULL, 404, "unknown-pull");
  g_assert_cmpuint (g_hash_table_size (fixture->shell->pulls), ==, 0);

  /* A device the target does not know (though it knows the target). */
  g_assert_nonnull (one_way);
  g_assert_true (mig_trust_store_add (one_way_dir, mig_shell_get_device_id (fixture->shell), "Target",
                                      mig_shell_get_fingerprint (fixture->shell), NULL));
  expect_status (fixture, one_way, "GET", "/v1/apps/running", NULL, 403, "not-paired");
  expect_status (fixture, one_way, "POST", pull, "{\"mode\":\"move\",\"port\":47810}", 403, "not-paired");

  /* A device denied outright. */
  g_assert_true (mig_policy_set (mig_shell_get_config_dir (fixture->shell), mig_identity_get_device_id (fixture->sender),
                                 NULL, MIG_POLICY_DENY, NULL));
  expect_status (fixture, NULL, "GET", "/v1/apps/running", NULL, 403, "denied");
  expect_status (fixture, NULL, "POST", pull, "{\"mode\":\"move\",\"port\":47810}", 403, "denied");
}

static void
test_rate_limits (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *other_dir = g_strdup_printf ("%s/rate-other", mig_test_env_get_root ());
  g_autoptr(MigIdentity) other = paired_device (fixture, other_dir);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  /* One device may have a few migrations in flight at a time. */
  fixture->restore_on_delivery = FALSE;
  hold_in_flight (fixture, fixture->sender, migrations, MIG_SHELL_MAX_IN_FLIGHT_PER_DEVICE);
  expect_send_error (fixture, APP_ID, "1.0", MIG_ERROR_REJECTED, "Too many applications sent to");
  /* Another device is not held up by it. */
  body = offer_body (fixture, fixture->tree_len, NULL);
  root = request (fixture, other, "POST", "/v1/migrations", body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_clear_pointer (&root, json_node_unref);

  /* And may make only so many offers a minute, even refused ones. */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"app\": {\"id\": \"org.migui.Missing\", \"version\": \"1.0\"}, \"mode\": \"move\", "
                          "\"size\": 10, \"sha256\": \"%064d\", \"source\": {\"id\": \"x\", \"name\": \"Other\"}}", 0);
  for (guint i = 1; i < MIG_SHELL_MAX_OFFERS_PER_MINUTE; i++)
    expect_status (fixture, other, "POST", "/v1/migrations", body, 404, "not-installed");
  expect_status (fixture, other, "POST", "/v1/migrations", body, 429, "rate-limited");
}

static void
test_invalid_tree (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *bad = "{\"format\":\"migui-form-tree\",\"version\":1,\"app\":{\"id\":\"" APP_ID "\"},"
                    "\"windows\":[{\"type\":5}]}";
  g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  g_assert_false (send_tree (fixture, migration, bad, strlen (bad), &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_INVALID_TREE);
  g_assert_null (fixture->delivered);
  dir = g_dir_open (mig_shell_get_incoming_dir (fixture->shell), 0, NULL);
  g_assert_true (dir == NULL || g_dir_read_name (dir) == NULL);
}

static void
test_replayed_commit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");
  g_autofree char *path = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (send_tree (fixture, migration, fixture->tree, fixture->tree_len, NULL));
  path = g_strdup_printf ("/v1/migrations/%s/commit", mig_migration_get_id (migration));
  expect_status (fixture, NULL, "POST", path, NULL, 200, NULL);
  expect_status (fixture, NULL, "POST", path, NULL, 409, "already-committed");
  g_free (path);
  path = g_strdup_printf ("/v1/migrations/%s/abort", mig_migration_get_id (migration));
  expect_status (fixture, NULL, "POST", path, NULL, 409, "already-committed");

  /* A sender whose first commit's answer was lost still succeeds. */
  mig_migration_commit_async (migration, NULL, got_result, &result);
  wait_for (&result);
  g_assert_true (mig_migration_commit_finish (migration, result, NULL));
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MigPeer) nobody = mig_peer_new ("x", "Nobody", "127.0.0.1", 1);
  g_autoptr(MigMigration) migration = mig_migration_new (nobody, fixture->sender, APP_ID, "1.0", FALSE);
  g_autoptr(MigPeer) impostor = NULL;
  g_autoptr(MigMigration) to_impostor = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (send_tree (fixture, migration, fixture->tree, fixture->tree_len, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "Nobody cannot be reached"));
  g_clear_error (&error);

  /* Something at another address claiming to be the paired target (its
   * ID and name, as DNS-SD TXT data or /v1/info may say) but holding
   * another certificate gets nothing: the target's identity changed. */
  {
    g_autofree char *dir = g_build_filename (mig_test_env_get_root (), "impostor", NULL);
    g_autoptr(MigShell) impostor_shell = mig_shell_new (dir, NULL);

    g_assert_true (mig_shell_listen (impostor_shell, "127.0.0.1", 0, NULL));
    mig_shell_set_accept_policy (impostor_shell, MIG_ACCEPT_POLICY_ALL);
    impostor = g_object_new (MIG_TYPE_PEER, "id", mig_shell_get_device_id (fixture->shell), "name", "Target",
                             "address", "127.0.0.1", "port", mig_shell_get_port (impostor_shell),
                             "fingerprint", mig_shell_get_fingerprint (fixture->shell), NULL);
    to_impostor = mig_migration_new (impostor, fixture->sender, APP_ID, "1.0", FALSE);
    g_test_expect_message ("migui", G_LOG_LEVEL_WARNING, "SECURITY: *its identity changed");
    g_assert_false (send_tree (fixture, to_impostor, fixture->tree, fixture->tree_len, &error));
    g_test_assert_expected_messages ();
    g_assert_error (error, MIG_ERROR, MIG_ERROR_UNTRUSTED);
    g_assert_nonnull (strstr (error->message, "Target’s identity changed"));
    g_assert_null (fixture->delivered);
    g_assert_cmpuint (g_hash_table_size (impostor_shell->migrations), ==, 0);
    g_clear_error (&error);
  }

  /* A device this one is not paired with gets nothing either, whatever it
   * accepts. */
  {
    g_autofree char *dir = g_build_filename (mig_test_env_get_root (), "stranger", NULL);
    g_autoptr(MigShell) stranger_shell = mig_shell_new (dir, NULL);
    g_autoptr(MigPeer) stranger = NULL;
    g_autoptr(MigMigration) to_stranger = NULL;

    g_assert_true (mig_shell_listen (stranger_shell, "127.0.0.1", 0, NULL));
    mig_shell_set_accept_policy (stranger_shell, MIG_ACCEPT_POLICY_ALL);
    stranger = mig_peer_new (mig_shell_get_device_id (stranger_shell), "Stranger", "127.0.0.1",
                             mig_shell_get_port (stranger_shell));
    to_stranger = mig_migration_new (stranger, fixture->sender, APP_ID, "1.0", FALSE);
    g_assert_false (send_tree (fixture, to_stranger, fixture->tree, fixture->tree_len, &error));
    g_assert_error (error, MIG_ERROR, MIG_ERROR_UNTRUSTED);
    g_assert_nonnull (strstr (error->message, "Stranger is not paired with this device"));
    g_assert_cmpuint (g_hash_table_size (stranger_shell->migrations), ==, 0);
  }
}

/* Raw bytes on a socket, from another thread (the shell runs in this one). */
typedef struct
{
  guint16 port;
  gboolean tls;
  GTlsCertificate *certificate;
  const char *request;
  char *answer;
} RawRequest;

static gboolean
accept_any (void)
{
  return TRUE;
}

static gpointer
raw_request_thread (gpointer data)
{
  RawRequest *raw = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[4096] = { 0 };
  gssize n;

  g_socket_client_set_timeout (client, 5);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", raw->port, NULL, &error);
  g_assert_no_error (error);
  if (raw->tls)
    {
      stream = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, &error);
      g_assert_no_error (error);
      if (raw->certificate != NULL)
        g_tls_connection_set_certificate (G_TLS_CONNECTION (stream), raw->certificate);
      g_signal_connect (stream, "accept-certificate", G_CALLBACK (accept_any), NULL);
    }
  else
    stream = G_IO_STREAM (g_object_ref (connection));

  if (!g_output_stream_write_all (g_io_stream_get_output_stream (stream), raw->request, strlen (raw->request),
                                  NULL, NULL, &error))
    {
      raw->answer = g_strdup_printf ("write error: %s", error->message);
      g_main_context_wakeup (NULL);
      return NULL;
    }
  n = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer, sizeof buffer - 1, NULL, &error);
  raw->answer = n >= 0 ? g_strndup (buffer, n) : g_strdup_printf ("read error: %s", error->message);
  g_main_context_wakeup (NULL);
  return NULL;
}

static char *
raw_request (Fixture    *fixture,
             gboolean    tls,
             const char *request)
{
  RawRequest raw = { mig_shell_get_port (fixture->shell), tls,
                     mig_identity_get_certificate (fixture->sender), request, NULL };
  GThread *thread = g_thread_new ("raw", raw_request_thread, &raw);

  while (raw.answer == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  return raw.answer;
}

static void
test_raw_clients (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *id = make_offer (fixture, NULL);
  g_autofree char *oversized = g_strdup_printf ("PUT /v1/migrations/%s/tree HTTP/1.1\r\nHost: x\r\n"
                                                "Content-Length: 100000000\r\nExpect: 100-continue\r\n\r\n", id);
  g_autofree char *answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  /* Plain HTTP on the HTTPS port gets nothing useful, and the shell goes on. */
  answer = raw_request (fixture, FALSE, "GET /v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
  g_assert_null (strstr (answer, "200 OK"));
  g_clear_pointer (&answer, g_free);

  /* 100 MB announced: refused before the body is sent. */
  answer = raw_request (fixture, TRUE, oversized);
  g_test_message ("answer: %s", answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
  g_clear_pointer (&answer, g_free);

  /* Without a client certificate: only the info is open. */
  {
    RawRequest raw = { mig_shell_get_port (fixture->shell), TRUE, NULL,
                       "GET /v1/apps/" APP_ID " HTTP/1.1\r\nHost: x\r\n\r\n", NULL };
    GThread *thread = g_thread_new ("raw", raw_request_thread, &raw);

    while (raw.answer == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_thread_join (thread);
    g_assert_true (g_str_has_prefix (raw.answer, "HTTP/1.1 401"));
    g_free (raw.answer);
  }

  root = request (fixture, NULL, "GET", "/v1/info", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* A client that sends its request a few bytes at a time, from another
 * thread: how long until the shell hangs up on it, or -1 if it never did. */
typedef struct
{
  guint16 port;
  GTlsCertificate *certificate;
  double dropped_after;
  gboolean done;
} SlowClient;

static gpointer
slow_client_thread (gpointer data)
{
  SlowClient *slow = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *output;
  GPollableInputStream *input;
  gint64 start = g_get_monotonic_time ();
  const char *head = "GET /v1/info HTTP/1.1\r\nHost: x\r\n";

  slow->dropped_after = -1;
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", slow->port, NULL, &error);
  g_assert_no_error (error);
  stream = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
  g_tls_connection_set_certificate (G_TLS_CONNECTION (stream), slow->certificate);
  g_signal_connect (stream, "accept-certificate", G_CALLBACK (accept_any), NULL);
  output = g_io_stream_get_output_stream (stream);
  input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream));

  if (g_tls_connection_handshake (G_TLS_CONNECTION (stream), NULL, NULL) &&
      g_output_stream_write_all (output, head, strlen (head), NULL, NULL, NULL))
    /* A header line every 200 ms, never the blank line that ends them. */
    for (guint i = 0; i < 50; i++)
      {
        char buffer[256];
        gssize n;

        g_usleep (200 * 1000);
        n = g_pollable_input_stream_read_nonblocking (input, buffer, sizeof buffer, NULL, NULL);
        if (n >= 0 || !g_output_stream_write_all (output, "X-Slow: 1\r\n", 11, NULL, NULL, NULL))
          {
            slow->dropped_after = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
            break;
          }
      }
  slow->done = TRUE;
  g_main_context_wakeup (NULL);
  return NULL;
}

/* A client that connects and never sends a byte, not even a TLS hello:
 * how long until the shell hangs up on it, or -1 if it never did. */
static gpointer
silent_client_thread (gpointer data)
{
  SlowClient *silent = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GSocket *socket;
  char buffer[16];

  silent->dropped_after = -1;
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", silent->port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, 10);
  /* End of stream when the shell hangs up; a timeout if it never does. */
  if (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) == 0)
    silent->dropped_after = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  silent->done = TRUE;
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
test_slow_client (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  guint status;
  SlowClient slow = { mig_shell_get_port (fixture->shell), mig_identity_get_certificate (fixture->sender), 0, FALSE };
  SlowClient silent = { mig_shell_get_port (fixture->shell), NULL, 0, FALSE };
  GThread *thread;

  fixture->shell->request_seconds = 1;
  thread = g_thread_new ("slow", slow_client_thread, &slow);
  while (!slow.done)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  /* Dropped after the second it had, not after the ten it tried for. */
  g_test_message ("slow client dropped after %.1f s", slow.dropped_after);
  g_assert_cmpfloat (slow.dropped_after, >, 0.5);
  g_assert_cmpfloat (slow.dropped_after, <, 5);

  /* So is one that never says a word: libsoup starts the first request of
   * a connection before its TLS handshake, and with it the deadline. */
  thread = g_thread_new ("silent", silent_client_thread, &silent);
  while (!silent.done)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_test_message ("silent client dropped after %.1f s", silent.dropped_after);
  g_assert_cmpfloat (silent.dropped_after, >, 0.5);
  g_assert_cmpfloat (silent.dropped_after, <, 5);

  /* The shell goes on serving others. */
  root = request (fixture, NULL, "GET", "/v1/info", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_long_poll (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *id = make_offer (fixture, NULL);
  g_autofree char *path = g_strdup_printf ("/v1/migrations/%s?wait=1&state=offered", id);
  g_autoptr(JsonNode) root = NULL;
  gint64 start = g_get_monotonic_time ();
  guint status;

  /* Nothing changes: the answer comes after the wait, still offered. */
  root = request (fixture, NULL, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (member (root, "state"), ==, "offered");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  (*changes)++;
}

static MigPeer *
wait_for_named_peer (MigPeerBrowser *browser,
                     const char     *name)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (browser)); i++)
        {
          g_autoptr(MigPeer) peer = g_list_model_get_item (G_LIST_MODEL (browser), i);

          if (g_strcmp0 (mig_peer_get_name (peer), name) == 0)
            return g_steal_pointer (&peer);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return NULL;
}

/* Static peers are asked who they are; this device itself is left out. */
static gboolean
has_waiter (gpointer data)
{
  MigShellMigration *migration = data;

  return migration->waiters->len > 0;
}

static gboolean
has_no_waiter (gpointer data)
{
  return !has_waiter (data);
}

/* A sender that goes away during a long poll: the shell notices when it
 * answers (its wait over), nothing critical is logged (tests make
 * criticals fatal), the request leaves the migration's waiters, and the
 * shell goes on serving with its timers intact: another sender's long
 * poll, waiting meanwhile, answers when its own wait ends. */
static void
test_long_poll_disconnect (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = make_offer (fixture, NULL);
  g_autofree char *path = g_strdup_printf ("/v1/migrations/%s?wait=1&state=offered", id);
  g_autofree char *other_path = g_strdup_printf ("/v1/migrations/%s?wait=3&state=offered", id);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) other_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  MigShellMigration *migration = mig_shell_lookup (fixture->shell, id);
  guint status = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_nonnull (migration);
  mig_peer_request_async (fixture->peer, fixture->sender, "GET", path, NULL, cancellable,
                          got_result, &result);
  g_assert_true (mig_test_wait_for (has_waiter, migration, 5000));
  g_cancellable_cancel (cancellable);
  wait_for (&result);
  g_assert_null (mig_peer_request_finish (fixture->peer, result, NULL, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_CANCELLED);
  /* The same device asks again, on a new connection. */
  mig_peer_request_async (fixture->peer, fixture->sender, "GET", other_path, NULL, NULL, got_result,
                          &other_result);
  wait_for (&other_result);
  g_clear_error (&error);
  root = mig_peer_request_finish (fixture->peer, other_result, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (member (root, "state"), ==, "offered");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);

  g_assert_true (mig_test_wait_for (has_no_waiter, migration, 5000));
  g_assert_true (mig_shell_lookup (fixture->shell, id) == migration);
  g_clear_pointer (&root, json_node_unref);
  root = request (fixture, NULL, "GET", "/v1/info", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

typedef struct
{
  MigShell *shell;
  const char **id;
} LateRestore;

static gboolean
restore_late_cb (gpointer user_data)
{
  LateRestore *late = user_data;

  g_assert_nonnull (*late->id);
  g_assert_true (mig_shell_report_restored (late->shell, *late->id, NULL));
  return G_SOURCE_REMOVE;
}

/* An application that takes longer to restore than a request may wait
 * for its answer (12 s against the client's 10 s): the sender's long polls
 * are answered in time, and the migration goes through. */
static void
test_slow_restore (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MigMigration) migration = new_migration (fixture, APP_ID, "1.0");
  g_autoptr(GError) error = NULL;
  LateRestore late = { fixture->shell, (const char **) &fixture->delivered };
  gint64 start = g_get_monotonic_time ();

  fixture->restore_on_delivery = FALSE;
  g_timeout_add_seconds (12, restore_late_cb, &late);
  g_assert_true (send_tree (fixture, migration, fixture->tree, fixture->tree_len, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mig_migration_get_state (migration), ==, "restored");
  /* It was restored when the timer fired, which removed itself. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 11 * G_USEC_PER_SEC);
}

/* What a shell that ended left in its incoming folder goes when the next
 * one starts; other files stay. */
static void
test_leftovers (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (mig_test_env_get_root (), "leftovers", NULL);
  g_autofree char *incoming = g_build_filename (dir, "incoming", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *left = g_strdup_printf ("%s/%s.migui", incoming, uuid);
  g_autofree char *other = g_build_filename (incoming, "notes.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MigShell) shell = NULL;

  g_assert_cmpint (g_mkdir_with_parents (incoming, 0700), ==, 0);
  g_assert_true (g_file_set_contents (left, fixture->tree, fixture->tree_len, NULL));
  g_assert_true (g_file_set_contents (other, "kept", -1, NULL));
  shell = mig_shell_new (dir, &error);
  g_assert_no_error (error);
  mig_shell_set_incoming_dir (shell, incoming);
  g_assert_true (mig_shell_listen (shell, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (left, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (g_steal_pointer (&shell));
}

static gboolean
elapsed_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for @ms milliseconds. */
static void
idle_for (guint ms)
{
  gboolean elapsed = FALSE;

  g_timeout_add (ms, elapsed_cb, &elapsed);
  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
}

/* A request after a pause on a kept-alive connection is answered, whether
 * the shell closed that connection meanwhile (its idle limit shortened
 * below the pause) or not. */
static void
test_kept_alive (Fixture       *fixture,
                 gconstpointer  data)
{
  guint gaps_ms[] = { 500, 2500, 4500 };
  guint status = 0;

  fixture->shell->idle_seconds = 2;
  json_node_unref (request (fixture, NULL, "GET", "/v1/info", NULL, &status));
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (gaps_ms); i++)
    {
      gint64 start;

      idle_for (gaps_ms[i]);
      start = g_get_monotonic_time ();
      json_node_unref (request (fixture, NULL, "GET", "/v1/apps/" APP_ID, NULL, &status));
      g_assert_cmpuint (status, ==, 200);
      g_test_message ("after %u ms idle: answered in %.1f ms", gaps_ms[i],
                      (g_get_monotonic_time () - start) / 1000.0);
    }
}

static void
test_static_peers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *default_dir = g_build_filename (g_get_user_config_dir (), "migui", NULL);
  g_autoptr(MigShell) self_shell = mig_shell_new (default_dir, NULL);
  g_autoptr(MigPeerBrowser) browser = mig_peer_browser_new ();
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(MigPeer) by_name = NULL;
  g_autoptr(MigPeer) by_address = NULL;
  g_autofree char *peers = NULL;
  guint changes = 0;

  g_assert_true (mig_shell_listen (self_shell, "127.0.0.1", 0, NULL));
  peers = g_strdup_printf ("127.0.0.1:%u, 127.0.0.1:%u,nonsense:port,",
                           mig_shell_get_port (fixture->shell), mig_shell_get_port (self_shell));
  g_setenv ("MIGUI_PEERS", peers, TRUE);
  g_signal_connect (browser, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  mig_peer_browser_start (browser);
  g_unsetenv ("MIGUI_PEERS");
  /* Both addresses are listed at once, before they answer. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 2);

  peer = wait_for_named_peer (browser, mig_shell_get_name (fixture->shell));
  g_assert_nonnull (peer);
  g_assert_cmpstr (mig_peer_get_id (peer), ==, mig_shell_get_device_id (fixture->shell));
  g_assert_cmpstr (mig_peer_get_fingerprint (peer), ==, mig_shell_get_fingerprint (fixture->shell));
  g_assert_cmpuint (mig_peer_get_port (peer), ==, mig_shell_get_port (fixture->shell));
  g_assert_false (mig_peer_get_trusted (peer));

  /* The shell of this very device answers with its own ID: it goes. */
  while (g_list_model_get_n_items (G_LIST_MODEL (browser)) > 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (browser)), ==, 1);
  g_assert_cmpuint (changes, >=, 3);

  by_name = mig_peer_browser_lookup (browser, mig_shell_get_name (fixture->shell));
  g_assert_true (by_name == peer);
  by_address = mig_peer_browser_lookup (browser, "10.0.0.7:4000");
  g_assert_cmpstr (mig_peer_get_address (by_address), ==, "10.0.0.7");
  g_assert_cmpuint (mig_peer_get_port (by_address), ==, 4000);
  g_assert_null (mig_peer_browser_lookup (browser, "no such device"));
}

int
main (int   argc,
      char *argv[])
{
  mig_test_env_init_installed (&argc, &argv, APP_ID, "Shell Test");
  /* As the library does before its first connection: the raw TLS clients
   * below would otherwise load the system trust store, which may be empty
   * (tests/shell/without-system-trust.sh). */
  mig_empty_tls_database_ensure_default ();

#define ADD(path, fn) g_test_add ("/Mig/Shell/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("info", test_info);
  ADD ("app-check", test_app_check);
  ADD ("move", test_move);
  ADD ("refusals", test_refusals);
  ADD ("ask", test_ask);
  ADD ("busy", test_busy);
  ADD ("rate-limits", test_rate_limits);
  ADD ("app-failed", test_app_failed);
  ADD ("bad-requests", test_bad_requests);
  ADD ("gzip", test_gzip);
  ADD ("pull-requests", test_pull_requests);
  ADD ("invalid-tree", test_invalid_tree);
  ADD ("replayed-commit", test_replayed_commit);
  ADD ("unreachable", test_unreachable);
  ADD ("raw-clients", test_raw_clients);
  ADD ("slow-client", test_slow_client);
  ADD ("long-poll", test_long_poll);
  ADD ("static-peers", test_static_peers);
  ADD ("kept-alive", test_kept_alive);
  ADD ("long-poll-disconnect", test_long_poll_disconnect);
  ADD ("leftovers", test_leftovers);
  ADD ("slow-restore", test_slow_restore);
#undef ADD

  return mig_test_env_run ();
}
