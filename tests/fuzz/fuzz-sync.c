/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <migui.h>
#include <string.h>

#include "mig-sync-message-private.h"

/* libFuzzer target: any bytes give a form synchronisation message or a
 * MIG_ERROR; an edit that parsed goes back to JSON and reads the same,
 * applies to a text of its length, and converges with a concurrent edit
 * whichever goes first. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_edit (MigTextOp *op)
{
  g_autoptr(JsonNode) json = mig_text_op_to_json (op);
  g_autoptr(MigTextOp) again = mig_text_op_from_json (json_node_get_array (json), NULL);
  g_autoptr(JsonNode) json_again = NULL;
  gsize n = mig_text_op_base_length (op);
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  g_autoptr(MigTextOp) other = NULL;
  g_autoptr(MigTextOp) op2 = NULL;
  g_autoptr(MigTextOp) other2 = NULL;
  g_autofree char *a = NULL, *b = NULL, *ab = NULL, *ba = NULL;

  g_assert (again != NULL);
  json_again = mig_text_op_to_json (again);
  g_assert (json_node_equal (json, json_again));
  if (n > 4096)
    return;
  text = g_strnfill (n, 'a');
  a = mig_text_op_apply (op, text);
  g_assert (a != NULL);
  /* A concurrent edit: the middle character replaced. */
  after = g_strdup (text);
  if (n > 0)
    after[n / 2] = 'z';
  other = mig_text_op_new_diff (text, after);
  b = mig_text_op_apply (other, text);
  g_assert (mig_text_op_transform (op, other, &op2, &other2));
  ab = mig_text_op_apply (other2, a);
  ba = mig_text_op_apply (op2, b);
  g_assert (ab != NULL && ba != NULL && strcmp (ab, ba) == 0);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigSyncMessage) message = mig_sync_message_parse ((const char *) data, size, &error);

  if (message == NULL)
    {
      g_assert (error != NULL && error->domain == MIG_ERROR);
      return 0;
    }
  if (message->kind == MIG_SYNC_EDIT)
    check_edit (message->op);
  if (message->kind == MIG_SYNC_SET)
    g_assert (message->value != NULL && message->clock > 0);
  return 0;
}
