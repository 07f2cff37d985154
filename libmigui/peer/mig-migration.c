/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mig-enums.h"
#include "mig-json-reader-private.h"
#include "mig-json-writer-private.h"
#include "mig-migration-private.h"
#include "mig-peer-client-private.h"

/*
 * MigMigration: the sending side of one migration, protocol version 1.
 * send: offer, upload, then long-poll the target until the application is
 * restored there (or refused, or failed).  The caller then records its
 * decision and commits; a commit that cannot be delivered is retried.
 * Anything that goes wrong before "restored" aborts the offer on the
 * target, so nothing is left there.
 */

#define SEND_DEADLINE_SECONDS 60
/* Well within MIG_PEER_CLIENT_TIMEOUT_SECONDS: a long poll that the shell
 * answers when its wait ends must never look like a peer that stopped
 * answering. */
#define POLL_SECONDS          5

struct _MigMigration
{
  GObject parent_instance;

  MigPeer *peer;
  MigIdentity *identity;
  char *app_id;
  char *app_version;
  gboolean clone;
  char *id;
  char *state;
  gsize bytes_sent;
  GBytes *tree;
  gsize upload_size;    /* of the tree as sent, gzipped or not */
  gint64 deadline;
};

/* Trees from this size on go gzipped to a target that takes them so: on a
 * link of 100 MB/s or slower, zlib's fastest level packs a tree faster
 * than the bytes it saves would take to send.  A small tree goes plain. */
#define GZIP_FROM_BYTES (64 * 1024)

G_DEFINE_FINAL_TYPE (MigMigration, mig_migration, G_TYPE_OBJECT)

enum {
  OFFERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mig_migration_finalize (GObject *object)
{
  MigMigration *self = MIG_MIGRATION (object);

  g_clear_object (&self->peer);
  g_clear_object (&self->identity);
  g_free (self->app_id);
  g_free (self->app_version);
  g_free (self->id);
  g_free (self->state);
  g_clear_pointer (&self->tree, g_bytes_unref);

  G_OBJECT_CLASS (mig_migration_parent_class)->finalize (object);
}

static void
mig_migration_class_init (MigMigrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mig_migration_finalize;

  /* The target accepted the offer and gave it an ID; the upload follows.
   * The sender records it here, so that a sender that dies from now on
   * aborts it when it starts again. */
  signals[OFFERED] = g_signal_new ("offered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mig_migration_init (MigMigration *self)
{
}

MigMigration *
mig_migration_new (MigPeer     *peer,
                   MigIdentity *identity,
                   const char  *app_id,
                   const char  *app_version,
                   gboolean     clone)
{
  MigMigration *self = g_object_new (MIG_TYPE_MIGRATION, NULL);

  self->peer = g_object_ref (peer);
  self->identity = g_object_ref (identity);
  self->app_id = g_strdup (app_id);
  self->app_version = g_strdup (app_version);
  self->clone = clone;
  self->state = g_strdup ("new");
  return self;
}

/* A migration decided in an earlier run, whose commit is still due. */
MigMigration *
mig_migration_new_for_commit (MigPeer     *peer,
                              MigIdentity *identity,
                              const char  *id)
{
  MigMigration *self = g_object_new (MIG_TYPE_MIGRATION, NULL);

  self->peer = g_object_ref (peer);
  self->identity = g_object_ref (identity);
  self->id = g_strdup (id);
  self->state = g_strdup ("restored");
  return self;
}

const char *
mig_migration_get_id (MigMigration *self)
{
  return self->id;
}

const char *
mig_migration_get_state (MigMigration *self)
{
  return self->state;
}

gsize
mig_migration_get_bytes_sent (MigMigration *self)
{
  return self->bytes_sent;
}

/* The error a refusal stands for; the peer's own sentence is kept when it
 * gives one, cut to a reasonable length. */
static GError *
error_from_answer (MigPeer  *peer,
                   guint     status,
                   JsonNode *root)
{
  const char *message = mig_json_node_get_member_string (root, "message");
  g_autofree char *text = NULL;
  MigError code;

  switch (status)
    {
    case 401: code = MIG_ERROR_UNTRUSTED; break;
    case 403: code = MIG_ERROR_REJECTED; break;
    case 404:
      code = g_strcmp0 (mig_json_node_get_member_string (root, "error"), "not-installed") == 0 ?
                 MIG_ERROR_APP_NOT_INSTALLED :
                 MIG_ERROR_FAILED;
      break;
    case 409:
      code = g_strcmp0 (mig_json_node_get_member_string (root, "error"), "version-mismatch") == 0 ?
                 MIG_ERROR_VERSION_MISMATCH :
                 MIG_ERROR_FAILED;
      break;
    case 413: code = MIG_ERROR_TOO_LARGE; break;
    case 422: code = MIG_ERROR_INVALID_TREE; break;
    case 429: code = MIG_ERROR_REJECTED; break;
    default: code = MIG_ERROR_FAILED; break;
    }

  if (message != NULL && g_utf8_strlen (message, -1) <= 300)
    text = g_strdup (message);
  else
    text = g_strdup_printf (_("%s answered with HTTP status %u"), mig_peer_describe (peer), status);
  return g_error_new_literal (MIG_ERROR, code, text);
}

static void
set_state (MigMigration *self,
           const char   *state)
{
  if (g_strcmp0 (self->state, state) == 0)
    return;
  /* Only a migration that is being sent has a start to count from. */
  if (self->deadline != 0)
    g_debug ("Migration %s to %s: %s (%.1f ms)", self->id != NULL ? self->id : "(offer)",
             mig_peer_describe (self->peer), state,
             (g_get_monotonic_time () - (self->deadline - SEND_DEADLINE_SECONDS * G_USEC_PER_SEC)) /
               1000.0);
  else
    g_debug ("Migration %s to %s: %s", self->id, mig_peer_describe (self->peer), state);
  g_free (self->state);
  self->state = g_strdup (state);
}

static void poll_status (GTask *task);

static void
abort_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MigMigration) self = user_data;
  g_autoptr(JsonNode) root = mig_peer_request_finish (MIG_PEER (source), result, NULL, NULL);
}

/* Tells the target to drop the migration; nobody waits for the answer. */
void
mig_migration_abort (MigMigration *self)
{
  g_autofree char *path = NULL;

  if (self->id == NULL)
    return;
  path = g_strdup_printf ("/v1/migrations/%s/abort", self->id);
  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_POST, path, NULL, NULL,
                          abort_done_cb, g_object_ref (self));
  set_state (self, "aborted");
}

/* Ends the send with @error, aborting on the target what was started. */
static void
fail (GTask  *task,
      GError *error)
{
  MigMigration *self = g_task_get_source_object (task);

  mig_migration_abort (self);
  g_task_return_error (task, error);
}

/* The answer to one step of the send, or NULL once the send has failed. */
static JsonNode *
step_answer (GTask        *task,
             GObject      *source,
             GAsyncResult *result,
             guint         expected_status)
{
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  guint status;

  root = mig_peer_request_finish (MIG_PEER (source), result, &status, &error);
  if (root == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return NULL;
    }
  if (status != expected_status)
    {
      fail (task, error_from_answer (self->peer, status, root));
      json_node_unref (root);
      return NULL;
    }
  return root;
}

static void
status_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = step_answer (task, source, result, 200);
  const char *state;

  if (root == NULL)
    return;

  state = mig_json_node_get_member_string (root, "state");
  if (state == NULL)
    {
      fail (task, g_error_new (MIG_ERROR, MIG_ERROR_FAILED, _("%s gave an answer that makes no sense"),
                               mig_peer_describe (self->peer)));
      return;
    }
  set_state (self, state);

  if (strcmp (state, "restored") == 0)
    g_task_return_boolean (task, TRUE);
  else if (strcmp (state, "failed") == 0 || strcmp (state, "aborted") == 0 || strcmp (state, "committed") == 0)
    {
      const char *reason = mig_json_node_get_member_string (root, "error");

      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_FAILED, _("The application could not open on %s: %s"),
                               mig_peer_describe (self->peer), reason != NULL ? reason : state);
    }
  else if (g_get_monotonic_time () > self->deadline)
    fail (task, g_error_new (MIG_ERROR, MIG_ERROR_TIMEOUT, _("%s did not open the application in time"),
                             mig_peer_describe (self->peer)));
  else
    poll_status (g_steal_pointer (&task));
}

static void
poll_status (GTask *task)
{
  MigMigration *self = g_task_get_source_object (task);
  g_autofree char *path = g_strdup_printf ("/v1/migrations/%s?wait=%d&state=%s", self->id, POLL_SECONDS, self->state);

  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_GET, path, NULL,
                          g_task_get_cancellable (task), status_done_cb, task);
}

static void
upload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = step_answer (task, source, result, 202);

  if (root == NULL)
    return;
  self->bytes_sent += self->upload_size;
  /* The first poll answers at once with whatever the target reached. */
  set_state (self, "receiving");
  poll_status (g_steal_pointer (&task));
}

/* Whether the offer's answer lists gzip among the codings the target
 * takes for the tree (a target from before it did not list any). */
static gboolean
takes_gzip (JsonNode *answer)
{
  JsonObject *object = mig_json_node_get_object (answer);
  JsonNode *encodings = object != NULL ? json_object_get_member (object, "encodings") : NULL;
  JsonArray *array;

  if (encodings == NULL || !JSON_NODE_HOLDS_ARRAY (encodings))
    return FALSE;
  array = json_node_get_array (encodings);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (element), "gzip") == 0)
        return TRUE;
    }
  return FALSE;
}

/* The tree gzipped with zlib's fastest level, or %NULL if that does not
 * make it smaller. */
static GBytes *
gzip_tree (GBytes *tree)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  gsize size = g_bytes_get_size (tree);
  g_autofree char *out = g_malloc (size);
  gsize read = 0, written = 0;

  if (g_converter_convert (G_CONVERTER (compressor), g_bytes_get_data (tree, NULL), size, out, size,
                           G_CONVERTER_INPUT_AT_END, &read, &written, NULL) != G_CONVERTER_FINISHED ||
      read != size)
    return NULL;
  return g_bytes_new_take (g_realloc (g_steal_pointer (&out), written), written);
}

static void
offer_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = step_answer (task, source, result, 201);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *encoding = NULL;
  GCancellable *cancellable;
  const char *id;

  if (root == NULL)
    return;
  id = mig_json_node_get_member_string (root, "id");
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_FAILED, _("%s gave an answer that makes no sense"),
                               mig_peer_describe (self->peer));
      return;
    }
  self->id = g_strdup (id);
  set_state (self, "offered");
  g_signal_emit (self, signals[OFFERED], 0);

  path = g_strdup_printf ("/v1/migrations/%s/tree", self->id);
  cancellable = g_task_get_cancellable (task);
  if (g_cancellable_is_cancelled (cancellable))
    {
      fail (task, g_error_new (MIG_ERROR, MIG_ERROR_CANCELLED, _("Cancelled")));
      return;
    }
  if (g_bytes_get_size (self->tree) >= GZIP_FROM_BYTES && takes_gzip (root) &&
      (body = gzip_tree (self->tree)) != NULL)
    encoding = "gzip";
  else
    body = g_bytes_ref (self->tree);
  self->upload_size = g_bytes_get_size (body);
  mig_peer_request_coded_async (self->peer, self->identity, SOUP_METHOD_PUT, path, body, encoding,
                                cancellable, upload_done_cb, g_steal_pointer (&task));
}

void
mig_migration_send_async (MigMigration        *self,
                          GBytes              *tree,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *checksum = NULL;
  g_autoptr(GBytes) offer = NULL;
  GString *out = g_string_new (NULL);
  MigJsonWriter w;
  gsize length;

  g_task_set_source_tag (task, mig_migration_send_async);
  g_task_set_check_cancellable (task, FALSE);
  self->tree = g_bytes_ref (tree);
  self->deadline = g_get_monotonic_time () + SEND_DEADLINE_SECONDS * G_USEC_PER_SEC;
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, tree);

  mig_json_writer_init (&w, out);
  mig_json_writer_begin_object (&w);
  mig_json_writer_key (&w, "app");
  mig_json_writer_begin_object (&w);
  mig_json_writer_key (&w, "id");
  mig_json_writer_string (&w, self->app_id);
  if (self->app_version != NULL)
    {
      mig_json_writer_key (&w, "version");
      mig_json_writer_string (&w, self->app_version);
    }
  mig_json_writer_end_object (&w);
  mig_json_writer_key (&w, "mode");
  mig_json_writer_string (&w, self->clone ? "clone" : "move");
  mig_json_writer_key (&w, "size");
  mig_json_writer_int (&w, g_bytes_get_size (tree));
  mig_json_writer_key (&w, "sha256");
  mig_json_writer_string (&w, checksum);
  mig_json_writer_key (&w, "source");
  mig_json_writer_begin_object (&w);
  mig_json_writer_key (&w, "id");
  mig_json_writer_string (&w, mig_identity_get_device_id (self->identity));
  mig_json_writer_key (&w, "name");
  mig_json_writer_string (&w, mig_identity_get_name (self->identity));
  mig_json_writer_end_object (&w);
  mig_json_writer_end_object (&w);
  length = out->len;
  offer = g_string_free_to_bytes (out);
  self->bytes_sent += length;

  set_state (self, "offering");
  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_POST, "/v1/migrations", offer,
                          cancellable, offer_done_cb, g_steal_pointer (&task));
}

gboolean
mig_migration_send_finish (MigMigration  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mig_migration_send_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Delays between commit attempts, in milliseconds: about a minute in all. */
static const guint commit_delays[] = { 0, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000 };

static void try_commit (GTask *task);

static gboolean
retry_commit_cb (gpointer user_data)
{
  try_commit (user_data);
  return G_SOURCE_REMOVE;
}

static void
commit_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  MigMigration *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint attempt = GPOINTER_TO_UINT (g_task_get_task_data (task));
  guint status = 0;

  root = mig_peer_request_finish (MIG_PEER (source), result, &status, &error);
  /* A commit that was taken but whose answer was lost is answered
   * "already-committed" when it is sent again. */
  if (root != NULL && (status == 200 || g_strcmp0 (mig_json_node_get_member_string (root, "error"),
                                                   "already-committed") == 0))
    {
      set_state (self, "committed");
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (root != NULL && status != 0 && status < 500)
    {
      g_task_return_error (task, error_from_answer (self->peer, status, root));
      g_object_unref (task);
      return;
    }
  if (g_error_matches (error, MIG_ERROR, MIG_ERROR_CANCELLED) || attempt + 1 >= G_N_ELEMENTS (commit_delays))
    {
      g_task_return_error (task, error != NULL ? g_steal_pointer (&error)
                                               : error_from_answer (self->peer, status, root));
      g_object_unref (task);
      return;
    }

  g_debug ("Commit of %s not delivered (%s); trying again", self->id,
           error != NULL ? error->message : "server error");
  g_task_set_task_data (task, GUINT_TO_POINTER (attempt + 1), NULL);
  g_timeout_add (commit_delays[attempt + 1], retry_commit_cb, task);
}

static void
try_commit (GTask *task)
{
  MigMigration *self = g_task_get_source_object (task);
  g_autofree char *path = g_strdup_printf ("/v1/migrations/%s/commit", self->id);

  mig_peer_request_async (self->peer, self->identity, SOUP_METHOD_POST, path, NULL,
                          g_task_get_cancellable (task), commit_done_cb, task);
}

void
mig_migration_commit_async (MigMigration        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, mig_migration_commit_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (0), NULL);
  try_commit (task);
}

gboolean
mig_migration_commit_finish (MigMigration  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mig_migration_commit_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
