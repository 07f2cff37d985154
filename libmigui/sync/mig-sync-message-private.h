/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mig-sync-text-private.h"

G_BEGIN_DECLS

/* The form synchronisation protocol (docs/protocol.md, "Forms on other
 * devices"): JSON objects, each in a frame of a 4-byte big-endian length
 * and the UTF-8 text, over one stream per remote copy. */

#define MIG_SYNC_PROTOCOL_VERSION 1
#define MIG_SYNC_MAX_MESSAGE      (4 * 1024 * 1024)
#define MIG_SYNC_MAX_VALUE        (1024 * 1024)
#define MIG_SYNC_MAX_DEPTH        32
#define MIG_SYNC_MAX_PATH         512
#define MIG_SYNC_MAX_NAME         255
#define MIG_SYNC_MAX_SNAPSHOT     10000
#define MIG_SYNC_MAX_ACTIONS      1000

typedef enum
{
  MIG_SYNC_HELLO,          /* remote → home: form, device, name */
  MIG_SYNC_WELCOME,        /* home → remote: mode, editor, watcher, snapshot, actions */
  MIG_SYNC_SET,            /* both: path, prop, value, clock, device */
  MIG_SYNC_ACTION,         /* remote → home: action, param */
  MIG_SYNC_CHANGE_STATE,   /* remote → home: action, param (the new state) */
  MIG_SYNC_ACTION_STATE,   /* home → remote: action, enabled, param (state) */
  MIG_SYNC_ROLE,           /* home → remote: mode, editor, watcher */
  MIG_SYNC_REQUEST_EDIT,   /* remote → home */
  MIG_SYNC_BYE,            /* both: reason */
  MIG_SYNC_EDIT,           /* both: path, prop, op, sent, seen */
  MIG_SYNC_EVENT,          /* both: path, param (the event) */
} MigSyncKind;

typedef struct
{
  MigSyncKind  kind;
  char        *form;      /* HELLO */
  char        *device;    /* HELLO, SET, WELCOME and ROLE (the editor) */
  char        *name;      /* HELLO: the device's display name */
  int          mode;      /* WELCOME, ROLE: a MigFormSyncMode */
  gboolean     watcher;   /* WELCOME, ROLE */
  gboolean     again;     /* WELCOME: the home moved and welcomes the copy anew */
  char        *path;      /* SET */
  char        *prop;      /* SET */
  JsonNode    *value;     /* SET */
  guint64      clock;     /* SET */
  JsonObject  *snapshot;  /* WELCOME: path → prop → { "v", "c", "d" } */
  JsonArray   *actions;   /* WELCOME: { "a", "t", "e", "s" } each */
  char        *action;    /* ACTION, CHANGE_STATE, ACTION_STATE: "prefix.name" */
  GVariant    *param;     /* ACTION (may be NULL), CHANGE_STATE, ACTION_STATE (may be NULL) */
  gboolean     enabled;   /* ACTION_STATE */
  char        *reason;    /* BYE */
  MigTextOp   *op;        /* EDIT */
  guint64      sent;      /* EDIT */
  guint64      seen;      /* EDIT */
} MigSyncMessage;

void            mig_sync_message_free  (MigSyncMessage *message);
MigSyncMessage *mig_sync_message_parse (const char     *data,
                                        gsize           length,
                                        GError        **error);
GBytes         *mig_sync_message_frame (JsonNode       *message);

JsonNode       *mig_sync_build_hello        (const char *form,
                                             const char *device,
                                             const char *name);
JsonNode       *mig_sync_build_set          (const char *path,
                                             const char *prop,
                                             JsonNode   *value,
                                             guint64     clock,
                                             const char *device);
JsonNode       *mig_sync_build_action       (MigSyncKind kind,
                                             const char *action,
                                             GVariant   *param,
                                             gboolean    enabled);
JsonNode       *mig_sync_build_role         (MigSyncKind kind,
                                             int         mode,
                                             const char *editor,
                                             gboolean    watcher);
JsonNode       *mig_sync_build_event        (const char *path,
                                             GVariant   *event);
JsonNode       *mig_sync_build_simple       (MigSyncKind kind,
                                             const char *reason);

gboolean        mig_sync_action_is_valid    (const char *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigSyncMessage, mig_sync_message_free)

G_END_DECLS
