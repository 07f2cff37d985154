/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <glib.h>
#include "mig-version.h"

G_BEGIN_DECLS

/**
 * MigMigrateFlags:
 * @MIG_MIGRATE_MOVE: the application leaves this device: its windows close
 *   once the target confirms
 * @MIG_MIGRATE_CLONE: the application keeps running here as well
 *
 * How [method@Mig.Application.migrate_async] hands the application over.
 */
typedef enum {
  MIG_MIGRATE_MOVE  = 0,
  MIG_MIGRATE_CLONE = 1 << 0,
} MigMigrateFlags;

/**
 * MigRestoreReason:
 * @MIG_RESTORE_REASON_MIGRATE: the application moved here from another device
 * @MIG_RESTORE_REASON_CLONE: the application was copied here from another device
 * @MIG_RESTORE_REASON_FILE: the application was resumed from a `.migui` file
 * @MIG_RESTORE_REASON_RECOVER: the application was restored after a crash
 *
 * Why a form tree is being restored.
 */
typedef enum {
  MIG_RESTORE_REASON_MIGRATE,
  MIG_RESTORE_REASON_CLONE,
  MIG_RESTORE_REASON_FILE,
  MIG_RESTORE_REASON_RECOVER,
} MigRestoreReason;

/**
 * MigFormFactor:
 * @MIG_FORM_FACTOR_DESKTOP: a desktop or laptop
 * @MIG_FORM_FACTOR_TABLET: a tablet
 * @MIG_FORM_FACTOR_PHONE: a phone
 * @MIG_FORM_FACTOR_TV: a television
 *
 * The kind of device a [class@Mig.DeviceProfile] describes.
 */
typedef enum {
  MIG_FORM_FACTOR_DESKTOP,
  MIG_FORM_FACTOR_TABLET,
  MIG_FORM_FACTOR_PHONE,
  MIG_FORM_FACTOR_TV,
} MigFormFactor;

/**
 * MigAcceptPolicy:
 * @MIG_ACCEPT_POLICY_ASK: offers from paired devices follow the access
 *   policy (`policy.conf` rules, GSettings defaults), which by default asks
 *   the user of the target each time; unpaired devices are refused
 * @MIG_ACCEPT_POLICY_TRUSTED: the same, but where the policy would ask,
 *   offers from paired devices are accepted
 * @MIG_ACCEPT_POLICY_ALL: offers are accepted from any device, paired or
 *   not, unless a rule denies it: for tests and kiosks only
 *
 * Which offers a [class@Mig.Shell] accepts.  Whatever the policy, a device
 * that claims the ID of a paired device but presents another certificate is
 * refused.
 */
typedef enum {
  MIG_ACCEPT_POLICY_ASK,
  MIG_ACCEPT_POLICY_TRUSTED,
  MIG_ACCEPT_POLICY_ALL,
} MigAcceptPolicy;

/**
 * MigError:
 * @MIG_ERROR_INVALID_TREE: the form tree is malformed
 * @MIG_ERROR_TOO_LARGE: the form tree exceeds a size, depth or count limit
 * @MIG_ERROR_VERSION_MISMATCH: the form tree was written by an incompatible version
 * @MIG_ERROR_UNKNOWN_TYPE: the form tree names a window type or widget class
 *   that this application does not have
 * @MIG_ERROR_APP_NOT_INSTALLED: the application is not installed on the target
 * @MIG_ERROR_REJECTED: the target refused the application
 * @MIG_ERROR_UNTRUSTED: the peer could not be authenticated
 * @MIG_ERROR_UNREACHABLE: the peer cannot be reached
 * @MIG_ERROR_TIMEOUT: the peer did not answer in time
 * @MIG_ERROR_CANCELLED: the operation was cancelled
 * @MIG_ERROR_FAILED: any other failure
 * @MIG_ERROR_NOT_RUNNING: the application is not running on that device
 *   (Since: 0.2)
 * @MIG_ERROR_INVALID_MESSAGE: a form synchronisation message is malformed,
 *   names what the form does not have, or is not allowed to its sender
 *   (Since: 0.2)
 *
 * Error codes in the `MIG_ERROR` domain.
 */
typedef enum {
  MIG_ERROR_INVALID_TREE,
  MIG_ERROR_TOO_LARGE,
  MIG_ERROR_VERSION_MISMATCH,
  MIG_ERROR_UNKNOWN_TYPE,
  MIG_ERROR_APP_NOT_INSTALLED,
  MIG_ERROR_REJECTED,
  MIG_ERROR_UNTRUSTED,
  MIG_ERROR_UNREACHABLE,
  MIG_ERROR_TIMEOUT,
  MIG_ERROR_CANCELLED,
  MIG_ERROR_FAILED,
  MIG_ERROR_NOT_RUNNING,
  MIG_ERROR_INVALID_MESSAGE,
} MigError;

/**
 * MIG_ERROR:
 *
 * The error domain of libmigui. Errors in it use [enum@Mig.Error] codes.
 */
#define MIG_ERROR (mig_error_quark ())

MIG_AVAILABLE_IN_ALL
GQuark mig_error_quark (void);

/**
 * MigChannelFlags:
 * @MIG_CHANNEL_FLAGS_NONE: plain TCP
 * @MIG_CHANNEL_FLAGS_TLS: every connection of the channel is TLS, its
 *   re-associations bound to it (see SECURITY.md)
 *
 * How [func@Mig.Channel.connect_async] makes a channel.
 */
typedef enum /*< flags >*/
{
  MIG_CHANNEL_FLAGS_NONE = 0,
  MIG_CHANNEL_FLAGS_TLS  = 1 << 0,
} MigChannelFlags;

/**
 * MigChannelState:
 * @MIG_CHANNEL_STATE_CONNECTED: the two ends are connected; data flows
 * @MIG_CHANNEL_STATE_RECONNECTING: the connection is lost or one end is
 *   moving; writes are kept and the ends are finding each other again
 * @MIG_CHANNEL_STATE_FROZEN: this end is moving to another device with its
 *   application (or has moved there); nothing flows here
 * @MIG_CHANNEL_STATE_CLOSED: closed, by this end or the peer
 * @MIG_CHANNEL_STATE_FAILED: the peer could not be found again in time, or
 *   refused this end; see [method@Mig.Channel.get_error]
 *
 * Where a [class@Mig.Channel] is in its life.
 */
typedef enum
{
  MIG_CHANNEL_STATE_CONNECTED,
  MIG_CHANNEL_STATE_RECONNECTING,
  MIG_CHANNEL_STATE_FROZEN,
  MIG_CHANNEL_STATE_CLOSED,
  MIG_CHANNEL_STATE_FAILED,
} MigChannelState;

/**
 * MigFormSendMode:
 * @MIG_FORM_SEND_MOVE: the form moves: the other device edits it, and its
 *   home shows where it is and offers to bring it back
 * @MIG_FORM_SEND_SHARE: the form is shared: both devices edit it at once
 * @MIG_FORM_SEND_WATCH: the other device follows the form read-only until
 *   it is invited to edit ([method@Mig.FormSync.invite])
 *
 * How [method@Mig.Application.send_form_async] sends a form.
 */
typedef enum
{
  MIG_FORM_SEND_MOVE,
  MIG_FORM_SEND_SHARE,
  MIG_FORM_SEND_WATCH,
} MigFormSendMode;

/**
 * MigFormSyncMode:
 * @MIG_FORM_SYNC_EXCLUSIVE: one device edits the form at a time, the
 *   editor; the others follow it read-only until editing is handed over
 * @MIG_FORM_SYNC_COLLABORATIVE: every device that is not a watcher edits;
 *   each property converges to its last write (a logical clock, then the
 *   device ID, decide which is last)
 *
 * How the copies of a form kept in sync by a [class@Mig.FormSync] share
 * its editing.
 */
typedef enum
{
  MIG_FORM_SYNC_EXCLUSIVE,
  MIG_FORM_SYNC_COLLABORATIVE,
} MigFormSyncMode;

G_END_DECLS
