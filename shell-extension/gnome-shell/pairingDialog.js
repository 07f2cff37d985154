// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The code of a pairing this device started, to compare with the one the
// other device shows, as the in-app device picker asks it.

import Clutter from 'gi://Clutter';
import GObject from 'gi://GObject';

import * as Dialog from 'resource:///org/gnome/shell/ui/dialog.js';
import * as ModalDialog from 'resource:///org/gnome/shell/ui/modalDialog.js';
import {gettext as _} from 'resource:///org/gnome/shell/extensions/extension.js';

export const PairingDialog = GObject.registerClass(
class MiguiPairingDialog extends ModalDialog.ModalDialog {
    constructor(name, code, onAnswer) {
        super({styleClass: 'prompt-dialog'});
        this._onAnswer = onAnswer;
        const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
        const content = new Dialog.MessageDialogContent({
            // Translators: "Pair with Desk?"
            title: _('Pair with %s?').format(name),
            // Translators: "Pair only if Desk shows the code 123 456. …"
            description: _('Pair only if %s shows the code %s. A paired device may send applications to this one.')
                .format(name, spaced),
        });
        this.contentLayout.add_child(content);
        this.addButton({label: _('Cancel'), action: () => this.answer(false), key: Clutter.KEY_Escape});
        this.addButton({label: _('Pair'), action: () => this.answer(true), default: true});
        this.code = spaced;
    }

    /**
     * Answers as the user would, and closes.
     *
     * @param {boolean} confirm - the codes are the same
     */
    answer(confirm) {
        const onAnswer = this._onAnswer;
        this._onAnswer = null;
        onAnswer?.(confirm);
        this.close();
    }
});
